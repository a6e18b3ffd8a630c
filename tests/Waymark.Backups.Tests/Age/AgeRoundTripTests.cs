using System.Security.Cryptography;
using Waymark.Backups.Age;

namespace Waymark.Backups.Tests.Age;

public sealed class AgeRoundTripTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(AgePayload.ChunkSize)]
    [InlineData(AgePayload.ChunkSize + 1)]
    [InlineData(1_000_003)]
    public async Task EncryptedFile_DecryptsWithEitherOfTwoRecipients(int length)
    {
        var first = AgeIdentity.Generate();
        var second = AgeIdentity.Generate();
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var encrypted = new MemoryStream();
        await AgeFile.EncryptAsync(new MemoryStream(plaintext), encrypted, [first.Recipient, second.Recipient]);

        foreach (var identity in new[] { first, second })
        {
            var decrypted = new MemoryStream();
            await AgeFile.DecryptAsync(new MemoryStream(encrypted.ToArray()), decrypted, [identity]);
            Assert.Equal(plaintext, decrypted.ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4099)]
    public async Task EncryptAndDecrypt_OfForwardOnlyStreamsWithShortReads_RoundTrip(int maxReadLength)
    {
        var identity = AgeIdentity.Generate();
        var plaintext = RandomNumberGenerator.GetBytes(AgePayload.ChunkSize * 2 + 123);
        var encrypted = new MemoryStream();
        await AgeFile.EncryptAsync(new TrickleStream(plaintext, maxReadLength), encrypted, [identity.Recipient]);

        var decrypted = new MemoryStream();
        await AgeFile.DecryptAsync(new TrickleStream(encrypted.ToArray(), maxReadLength), decrypted, [identity]);

        Assert.Equal(plaintext, decrypted.ToArray());
    }

    [Fact]
    public async Task Decrypt_WithSeveralIdentities_UsesTheOneThatMatches()
    {
        var recipient = AgeIdentity.Generate();
        var plaintext = RandomNumberGenerator.GetBytes(5000);
        var encrypted = new MemoryStream();
        await AgeFile.EncryptAsync(new MemoryStream(plaintext), encrypted, [recipient.Recipient]);

        var decrypted = new MemoryStream();
        await AgeFile.DecryptAsync(new MemoryStream(encrypted.ToArray()), decrypted, [AgeIdentity.Generate(), recipient]);

        Assert.Equal(plaintext, decrypted.ToArray());
    }

    [Fact]
    public async Task Encrypt_ToNoRecipient_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => AgeFile.EncryptAsync(new MemoryStream([1, 2, 3]), new MemoryStream(), []));
    }

    [Fact]
    public async Task Header_IsTheAgeV1TextHeaderWithOneX25519StanzaPerRecipient()
    {
        var encrypted = new MemoryStream();
        await AgeFile.EncryptAsync(
            new MemoryStream([1]), encrypted, [AgeIdentity.Generate().Recipient, AgeIdentity.Generate().Recipient]);

        var lines = System.Text.Encoding.ASCII.GetString(encrypted.ToArray()).Split('\n');

        Assert.Equal("age-encryption.org/v1", lines[0]);
        Assert.StartsWith("-> X25519 ", lines[1], StringComparison.Ordinal);
        Assert.Equal(43, lines[2].Length);
        Assert.StartsWith("-> X25519 ", lines[3], StringComparison.Ordinal);
        Assert.Equal(43, lines[4].Length);
        Assert.StartsWith("--- ", lines[5], StringComparison.Ordinal);
        Assert.Equal(4 + 43, lines[5].Length);
    }
}
