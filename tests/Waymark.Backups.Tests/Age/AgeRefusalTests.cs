using System.Security.Cryptography;
using System.Text;
using Waymark.Backups.Age;

namespace Waymark.Backups.Tests.Age;

/// <summary>Files that must not decrypt: the wrong key, a changed header, a changed or cut payload.</summary>
public sealed class AgeRefusalTests
{
    private readonly AgeIdentity _first = AgeIdentity.Generate();
    private readonly AgeIdentity _second = AgeIdentity.Generate();

    [Fact]
    public async Task Decrypt_WithTheWrongIdentity_IsRefusedAsNoMatchingIdentity()
    {
        var encrypted = await EncryptAsync(1000);

        var refusal = await RefusalAsync(encrypted, AgeIdentity.Generate());

        Assert.Equal(AgeFailure.NoMatchingIdentity, refusal.Failure);
    }

    [Fact]
    public async Task Decrypt_OfAFlippedByteInAnotherRecipientsStanza_IsRefusedAsHeaderTampered()
    {
        var encrypted = await EncryptAsync(1000);
        // Line 4 is the second recipient's wrapped key: the first identity still unwraps, so only the MAC can tell.
        var index = IndexOfLine(encrypted, 4) + 5;
        encrypted[index] = encrypted[index] == (byte)'A' ? (byte)'B' : (byte)'A';

        var refusal = await RefusalAsync(encrypted, _first);

        Assert.Equal(AgeFailure.HeaderTampered, refusal.Failure);
    }

    [Fact]
    public async Task Decrypt_OfAChangedMac_IsRefusedAsHeaderTampered()
    {
        var encrypted = await EncryptAsync(1000);
        var index = IndexOfLine(encrypted, 5) + 4;
        encrypted[index] = encrypted[index] == (byte)'A' ? (byte)'B' : (byte)'A';

        var refusal = await RefusalAsync(encrypted, _first);

        Assert.Equal(AgeFailure.HeaderTampered, refusal.Failure);
    }

    [Fact]
    public async Task Decrypt_OfAFileThatIsNotAge_IsRefusedAsMalformedHeader()
    {
        var refusal = await RefusalAsync(Encoding.ASCII.GetBytes("age-encryption.org/v2\n-> X25519 abc\n"), _first);

        Assert.Equal(AgeFailure.MalformedHeader, refusal.Failure);
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(AgePayload.ChunkSize * 3, 100)]
    [InlineData(AgePayload.ChunkSize * 3, -1)]
    public async Task Decrypt_OfAFlippedPayloadByte_IsRefusedAsPayloadDamaged(int length, int offsetFromPayloadStart)
    {
        var encrypted = await EncryptAsync(length);
        var index = offsetFromPayloadStart < 0 ? encrypted.Length - 1 : IndexOfLine(encrypted, 6) + AgeKeys.PayloadNonceLength + offsetFromPayloadStart;
        encrypted[index] ^= 0x80;

        var refusal = await RefusalAsync(encrypted, _second);

        Assert.Equal(AgeFailure.PayloadDamaged, refusal.Failure);
    }

    [Fact]
    public async Task Decrypt_OfAFileCutAtAChunkBoundary_IsRefusedAsTruncated()
    {
        var encrypted = await EncryptAsync(AgePayload.ChunkSize * 2 + 10);
        var sealedChunk = AgePayload.ChunkSize + 16;
        var cut = encrypted[..(IndexOfLine(encrypted, 6) + AgeKeys.PayloadNonceLength + sealedChunk * 2)];

        var refusal = await RefusalAsync(cut, _first);

        Assert.Equal(AgeFailure.PayloadTruncated, refusal.Failure);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(AgePayload.ChunkSize)]
    public async Task Decrypt_OfAFileCutInsideTheLastChunk_IsRefused(int bytesCut)
    {
        var encrypted = await EncryptAsync(AgePayload.ChunkSize * 2 + 1000);

        var refusal = await RefusalAsync(encrypted[..^bytesCut], _first);

        Assert.Contains(refusal.Failure, new[] { AgeFailure.PayloadDamaged, AgeFailure.PayloadTruncated });
    }

    [Fact]
    public async Task Decrypt_OfAFileCutBeforeItsPayloadNonce_IsRefusedAsTruncated()
    {
        var encrypted = await EncryptAsync(1000);

        var refusal = await RefusalAsync(encrypted[..(IndexOfLine(encrypted, 6) + 5)], _first);

        Assert.Equal(AgeFailure.PayloadTruncated, refusal.Failure);
    }

    [Fact]
    public async Task Decrypt_OfAFileWithBytesAppended_IsRefusedAsPayloadDamaged()
    {
        var encrypted = await EncryptAsync(1000);

        var refusal = await RefusalAsync([.. encrypted, 0x00], _first);

        Assert.Equal(AgeFailure.PayloadDamaged, refusal.Failure);
    }

    private async Task<byte[]> EncryptAsync(int length)
    {
        var encrypted = new MemoryStream();
        await AgeFile.EncryptAsync(new MemoryStream(RandomNumberGenerator.GetBytes(length)), encrypted, [_first.Recipient, _second.Recipient]);
        return encrypted.ToArray();
    }

    private static async Task<AgeException> RefusalAsync(byte[] encrypted, AgeIdentity identity)
    {
        var refusal = await Assert.ThrowsAsync<AgeException>(
            () => AgeFile.DecryptAsync(new MemoryStream(encrypted), new MemoryStream(), [identity]));
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        return refusal;
    }

    /// <summary>Where line <paramref name="line"/> (0-based) of the header starts; line 6 is where the payload starts.</summary>
    private static int IndexOfLine(byte[] encrypted, int line)
    {
        var index = 0;
        for (var i = 0; i < line; i++)
        {
            index = Array.IndexOf(encrypted, (byte)'\n', index) + 1;
        }

        return index;
    }
}
