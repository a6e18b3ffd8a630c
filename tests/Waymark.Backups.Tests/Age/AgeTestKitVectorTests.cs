using System.Text;
using Waymark.Backups.Age;

namespace Waymark.Backups.Tests.Age;

/// <summary>
/// The header of the "x25519" vector of age's test kit (testdata/testkit/x25519 in filippo.io/age): a fixed
/// identity, the file key "YELLOW SUBMARINE" wrapped to it, and the header MAC over it.
/// </summary>
public sealed class AgeTestKitVectorTests
{
    private const string Identity = "AGE-SECRET-KEY-1XMWWC06LY3EE5RYTXM9MFLAZ2U56JJJ36S0MYPDRWSVLUL66MV4QX3S7F6";

    private const string Header =
        "age-encryption.org/v1\n"
        + "-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n"
        + "EmECAEcKN+n/Vs9SbWiV+Hu0r+E8R77DdWYyd83nw7U\n"
        + "--- Vn+54jqiiUCE+WZcEVY3f1sqHjlu/z1LCQ/T7Xm7qI0\n";

    [Fact]
    public async Task TestKitHeader_UnwrapsToItsFileKey_AndItsMacMatches()
    {
        var header = await AgeHeader.ReadAsync(new AgeInput(new MemoryStream(Encoding.ASCII.GetBytes(Header))), CancellationToken.None);

        var stanza = Assert.Single(header.Stanzas);
        var fileKey = X25519Stanza.TryUnwrap(stanza, AgeIdentity.Parse(Identity));

        Assert.NotNull(fileKey);
        Assert.Equal("YELLOW SUBMARINE", Encoding.ASCII.GetString(fileKey));
        Assert.True(AgeHeader.MacMatches(header, fileKey));
    }

    [Fact]
    public async Task TestKitHeader_WithAnotherIdentity_DoesNotUnwrap()
    {
        var header = await AgeHeader.ReadAsync(new AgeInput(new MemoryStream(Encoding.ASCII.GetBytes(Header))), CancellationToken.None);

        Assert.Null(X25519Stanza.TryUnwrap(Assert.Single(header.Stanzas), AgeIdentity.Generate()));
    }

    // Malformed variants of the vector, after the test kit's stanza_*, header_crlf and x25519_* cases.
    [Theory]
    [InlineData("-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc=\n", AgeFailure.MalformedHeader)]
    [InlineData("-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc \n", AgeFailure.MalformedHeader)]
    [InlineData("-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\r\n", AgeFailure.MalformedHeader)]
    [InlineData("-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc extra\n", AgeFailure.MalformedHeader)]
    [InlineData("-> x25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n", AgeFailure.NoMatchingIdentity)]
    public async Task TestKitHeader_WithAMalformedStanzaLine_IsRefused(string stanzaLine, AgeFailure failure)
    {
        var changed = Header.Replace("-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\n", stanzaLine, StringComparison.Ordinal);

        var refusal = await Assert.ThrowsAsync<AgeException>(
            () => AgeFile.DecryptAsync(new MemoryStream(Encoding.ASCII.GetBytes(changed)), new MemoryStream(), [AgeIdentity.Parse(Identity)]));

        Assert.Equal(failure, refusal.Failure);
    }

    [Fact]
    public async Task Header_WithAnEndlessStanzaBody_IsRefusedAsMalformed()
    {
        var bodyLine = new string('A', 64) + "\n";
        var endless = "age-encryption.org/v1\n-> other\n" + string.Concat(Enumerable.Repeat(bodyLine, 20_000));

        var refusal = await Assert.ThrowsAsync<AgeException>(
            () => AgeFile.DecryptAsync(new MemoryStream(Encoding.ASCII.GetBytes(endless)), new MemoryStream(), [AgeIdentity.Parse(Identity)]));

        Assert.Equal(AgeFailure.MalformedHeader, refusal.Failure);
        Assert.Contains("larger", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestKitHeader_WithoutItsPayload_IsRefusedAsTruncated()
    {
        var refusal = await Assert.ThrowsAsync<AgeException>(
            () => AgeFile.DecryptAsync(new MemoryStream(Encoding.ASCII.GetBytes(Header)), new MemoryStream(), [AgeIdentity.Parse(Identity)]));

        Assert.Equal(AgeFailure.PayloadTruncated, refusal.Failure);
    }

    [Fact]
    public async Task HeaderWrittenByWaymark_ForTheTestKitFileKey_ReadsBackWithAMatchingMac()
    {
        var fileKey = Encoding.ASCII.GetBytes("YELLOW SUBMARINE");
        var identity = AgeIdentity.Parse(Identity);
        var written = AgeHeader.Write([X25519Stanza.Wrap(identity.Recipient, fileKey)], fileKey);

        var header = await AgeHeader.ReadAsync(new AgeInput(new MemoryStream(written)), CancellationToken.None);

        Assert.Equal(fileKey, X25519Stanza.TryUnwrap(Assert.Single(header.Stanzas), identity));
        Assert.True(AgeHeader.MacMatches(header, fileKey));
    }
}
