using System.Security.Cryptography;
using Waymark.Backups.Age;

namespace Waymark.Backups.Tests.Age;

/// <summary>Waymark's age files against the stock Debian age CLI, both ways.</summary>
public sealed class AgeCliInteropTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(AgePayload.ChunkSize)]
    [InlineData(AgePayload.ChunkSize + 1)]
    [InlineData(1_000_003)]
    public async Task StockAge_DecryptsWaymarksFile_ByteForByte(int length)
    {
        var key = await AgeCli.KeygenAsync(_scratch.PathOf("key.txt"));
        var plaintext = RandomNumberGenerator.GetBytes(length);
        await using (var encrypted = File.Create(_scratch.PathOf("file.age")))
        {
            await AgeFile.EncryptAsync(new MemoryStream(plaintext), encrypted, [AgeRecipient.Parse(key.Recipient)]);
        }

        // Standard output rather than -o: age creates no output file for an empty plaintext.
        var decrypted = await AgeCli.RunAsync("age", "-d", "-i", key.IdentityPath, _scratch.PathOf("file.age"));

        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public async Task StockAge_DecryptsWaymarksFile_WithEitherOfTwoRecipients()
    {
        var first = await AgeCli.KeygenAsync(_scratch.PathOf("first.txt"));
        var second = await AgeCli.KeygenAsync(_scratch.PathOf("second.txt"));
        var plaintext = RandomNumberGenerator.GetBytes(200_000);
        await using (var encrypted = File.Create(_scratch.PathOf("file.age")))
        {
            await AgeFile.EncryptAsync(
                new MemoryStream(plaintext), encrypted, [AgeRecipient.Parse(first.Recipient), AgeRecipient.Parse(second.Recipient)]);
        }

        foreach (var key in new[] { first, second })
        {
            Assert.Equal(plaintext, await AgeCli.RunAsync("age", "-d", "-i", key.IdentityPath, _scratch.PathOf("file.age")));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(AgePayload.ChunkSize)]
    [InlineData(1_000_003)]
    public async Task Waymark_DecryptsStockAgesFile_MadeWithARecipient(int length)
    {
        var key = await AgeCli.KeygenAsync(_scratch.PathOf("key.txt"));
        var plaintext = RandomNumberGenerator.GetBytes(length);
        await File.WriteAllBytesAsync(_scratch.PathOf("file"), plaintext);
        await AgeCli.RunAsync("age", "-r", key.Recipient, "-o", _scratch.PathOf("file.age"), _scratch.PathOf("file"));

        var decrypted = await DecryptAsync(_scratch.PathOf("file.age"), key.IdentityPath);

        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public async Task Waymark_DecryptsStockAgesFile_MadeWithARecipientsFileOfTwo()
    {
        var first = await AgeCli.KeygenAsync(_scratch.PathOf("first.txt"));
        var second = await AgeCli.KeygenAsync(_scratch.PathOf("second.txt"));
        await File.WriteAllTextAsync(
            _scratch.PathOf("recipients.txt"), $"# backup recipients\n{first.Recipient}\n\n{second.Recipient}\n");
        var plaintext = RandomNumberGenerator.GetBytes(300_000);
        await File.WriteAllBytesAsync(_scratch.PathOf("file"), plaintext);
        await AgeCli.RunAsync("age", "-R", _scratch.PathOf("recipients.txt"), "-o", _scratch.PathOf("file.age"), _scratch.PathOf("file"));

        Assert.Equal(plaintext, await DecryptAsync(_scratch.PathOf("file.age"), first.IdentityPath));
        Assert.Equal(plaintext, await DecryptAsync(_scratch.PathOf("file.age"), second.IdentityPath));
    }

    [Fact]
    public async Task RecipientsFile_ReadByWaymark_EncryptsToEveryListedRecipient()
    {
        var first = await AgeCli.KeygenAsync(_scratch.PathOf("first.txt"));
        var second = await AgeCli.KeygenAsync(_scratch.PathOf("second.txt"));
        await File.WriteAllTextAsync(_scratch.PathOf("recipients.txt"), $"# backup recipients\n{first.Recipient}\n{second.Recipient}\n");
        var recipients = await AgeRecipient.ReadFileAsync(_scratch.PathOf("recipients.txt"));
        var plaintext = RandomNumberGenerator.GetBytes(1000);
        await using (var encrypted = File.Create(_scratch.PathOf("file.age")))
        {
            await AgeFile.EncryptAsync(new MemoryStream(plaintext), encrypted, [.. recipients]);
        }

        Assert.Equal(plaintext, await DecryptAsync(_scratch.PathOf("file.age"), first.IdentityPath));
        Assert.Equal(plaintext, await DecryptAsync(_scratch.PathOf("file.age"), second.IdentityPath));
    }

    [Fact]
    public async Task IdentityFile_WrittenByAgeKeygen_HoldsTheRecipientItPrints()
    {
        var key = await AgeCli.KeygenAsync(_scratch.PathOf("key.txt"));

        var identity = Assert.Single(await AgeIdentity.ReadFileAsync(key.IdentityPath));

        Assert.Equal(key.Recipient, identity.Recipient.ToString());
    }

    public void Dispose() => _scratch.Dispose();

    private static async Task<byte[]> DecryptAsync(string encryptedPath, string identityPath)
    {
        var identities = await AgeIdentity.ReadFileAsync(identityPath);
        await using var encrypted = File.OpenRead(encryptedPath);
        var decrypted = new MemoryStream();
        await AgeFile.DecryptAsync(encrypted, decrypted, [.. identities]);
        return decrypted.ToArray();
    }
}
