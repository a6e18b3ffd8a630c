using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Waymark.Backups.Locations;
using Waymark.Backups.Tests.Age;
using Waymark.TestSupport.S3;

namespace Waymark.Backups.Tests.Locations;

/// <summary>The S3 location against a real S3-compatible server (s3rver) through the stock AWS SDK.</summary>
public sealed class S3LocationTests : IAsyncLifetime
{
    private const string Bucket = "waymark-backups";
    private const int PartSize = 16 * 1024 * 1024;

    private S3Server _server = null!;

    public async Task InitializeAsync()
    {
        _server = await S3Server.StartAsync();
        await _server.CreateBucketAsync(Bucket);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100_000)]
    public async Task Put_ThenOpenRead_ReturnsTheSameBytes(int length)
    {
        using var location = Location();
        var content = RandomNumberGenerator.GetBytes(length);

        await location.PutAsync("2026/11/29/one.wmbak.age", new MemoryStream(content), length, CancellationToken.None);

        Assert.Equal(content, await ReadAsync(location, "2026/11/29/one.wmbak.age"));
    }

    [Fact]
    public async Task Put_WhenObjectExists_ReplacesIt()
    {
        using var location = Location();
        await PutTextAsync(location, "same.age", "first version, the longer one");

        await PutTextAsync(location, "same.age", "second");

        Assert.Equal("second", Encoding.UTF8.GetString(await ReadAsync(location, "same.age")));
        var listed = await ListAsync(location, "");
        Assert.Equal(6, Assert.Single(listed).Length);
    }

    [Fact]
    public async Task Put_LargerThanPartSize_UploadsInPartsThatReadBackByteForByte()
    {
        using var location = Location(partSize: PartSize);
        var content = RandomNumberGenerator.GetBytes((40 * 1024 * 1024) + 12_345);

        // Short reads from a stream that cannot seek, like the encrypting pipe a backup is written through.
        await location.PutAsync("big.age", new TrickleStream(content, 1024 * 1024), content.Length, CancellationToken.None);

        var stored = await ReadAsync(location, "big.age");
        Assert.Equal(content.Length, stored.Length);
        Assert.True(content.AsSpan().SequenceEqual(stored), "the object read back differs from what was uploaded");
        Assert.Equal(content.Length, Assert.Single(await ListAsync(location, "")).Length);
        Assert.Equal(0, _server.IncompleteUploads(Bucket));
    }

    [Fact]
    public async Task Put_WhenContentEndsBeforeItsLength_StoresNothing()
    {
        using var location = Location(partSize: PartSize);
        var content = RandomNumberGenerator.GetBytes(PartSize + 1000);

        var error = await Assert.ThrowsAsync<BackupLocationException>(
            () => location.PutAsync("short.age", new MemoryStream(content), (2L * PartSize) + 1, CancellationToken.None));

        Assert.Contains("short.age", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ListAsync(location, ""));
        Assert.Equal(0, _server.IncompleteUploads(Bucket));
        await Assert.ThrowsAsync<BackupLocationException>(() => location.OpenReadAsync("short.age", CancellationToken.None));
    }

    [Fact]
    public async Task List_WithPrefix_ReturnsKeysUnderIt_RelativeToTheLocationPrefix()
    {
        using var installation = Location(prefix: "installs/eu-1");
        using var wholeBucket = Location();
        await PutTextAsync(installation, "2026/11/28/a.age", "a");
        await PutTextAsync(installation, "2026/11/29/b.age", "bb");
        await PutTextAsync(installation, "2026/11/29/c.age", "ccc");
        await PutTextAsync(wholeBucket, "2026/11/29/elsewhere.age", "not this installation's");

        var listed = await ListAsync(installation, "2026/11/29/");

        Assert.Equal(["2026/11/29/b.age", "2026/11/29/c.age"], listed.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal([2L, 3L], listed.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Length));
        Assert.All(listed, o => Assert.NotEqual(DateTimeOffset.MinValue, o.LastModified));
        Assert.Contains("installs/eu-1/2026/11/29/b.age", (await ListAsync(wholeBucket, "")).Select(o => o.Key));
    }

    [Fact]
    public async Task List_WithMoreKeysThanOnePage_ReturnsEveryKeyOnce()
    {
        using var location = Location(listPageSize: 3);
        var keys = Enumerable.Range(0, 11).Select(i => $"day/{i:D2}.age").ToList();
        foreach (var key in keys)
        {
            await PutTextAsync(location, key, key);
        }

        var listed = await ListAsync(location, "day/");

        Assert.Equal(keys, listed.Select(o => o.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task List_WhenNothingMatches_ReturnsNothing()
    {
        using var location = Location();

        Assert.Empty(await ListAsync(location, "2030/"));
    }

    [Fact]
    public async Task Delete_RemovesTheObject()
    {
        using var location = Location();
        await PutTextAsync(location, "old.age", "old");

        await location.DeleteAsync("old.age", CancellationToken.None);

        Assert.Empty(await ListAsync(location, ""));
    }

    [Fact]
    public async Task Delete_WhenObjectIsMissing_Succeeds()
    {
        using var location = Location();

        await location.DeleteAsync("never-written.age", CancellationToken.None);
    }

    [Fact]
    public async Task OpenRead_WhenObjectIsMissing_ThrowsNamingKeyAndLocation()
    {
        using var location = Location();

        var error = await Assert.ThrowsAsync<BackupLocationException>(() => location.OpenReadAsync("gone.age", CancellationToken.None));

        Assert.Contains("gone.age", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing at location offsite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_WithUnknownCredentials_ThrowsWithoutEitherCredential()
    {
        const string accessKeyId = "AKIAWRONGWRONGWRONG1";
        const string secret = "wrong-secret-that-must-never-be-shown";
        using var location = Location(accessKeyId: accessKeyId, secretAccessKey: secret);

        var error = await Assert.ThrowsAsync<BackupLocationException>(() => PutTextAsync(location, "a.age", "a"));

        Assert.Contains("offsite", error.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidAccessKeyId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Waymark:Backups:Locations:offsite:Endpoint", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(accessKeyId, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.SecretAccessKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_WithWrongSecret_ThrowsWithoutEitherCredential()
    {
        const string secret = "wrong-secret-that-must-never-be-shown";
        using var location = Location(secretAccessKey: secret);

        var error = await Assert.ThrowsAsync<BackupLocationException>(() => PutTextAsync(location, "a.age", "a"));

        Assert.Contains("SignatureDoesNotMatch", error.Message, StringComparison.Ordinal);
        Assert.Contains("the credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_server.AccessKeyId, error.Message, StringComparison.Ordinal);
        using var rightCredentials = Location();
        Assert.Empty(await ListAsync(rightCredentials, ""));
    }

    [Fact]
    public async Task List_WhenBucketIsMissing_ThrowsNamingTheBucket()
    {
        using var location = Location(bucket: "no-such-bucket");

        var error = await Assert.ThrowsAsync<BackupLocationException>(() => ListAsync(location, ""));

        Assert.Contains("NoSuchBucket", error.Message, StringComparison.Ordinal);
        Assert.Contains("bucket no-such-bucket exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_WhenEndpointIsUnreachable_ThrowsNamingTheEndpointWithoutTheSecret()
    {
        var endpoint = new Uri($"http://127.0.0.1:{ClosedPort()}");
        using var location = Location(endpoint: endpoint);

        var error = await Assert.ThrowsAsync<BackupLocationException>(() => PutTextAsync(location, "a.age", "a"));

        Assert.Contains(endpoint.GetLeftPart(UriPartial.Authority), error.Message, StringComparison.Ordinal);
        Assert.Contains("Waymark:Backups:Locations:offsite:Endpoint", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.SecretAccessKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_server.AccessKeyId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NamesBucketPrefixAndEndpoint()
    {
        using var location = Location(prefix: "/installs/eu-1/");

        Assert.Equal($"s3 {Bucket}/installs/eu-1 at {_server.Endpoint.GetLeftPart(UriPartial.Authority)}", location.Describe());
    }

    private S3Location Location(
        string? prefix = null,
        string bucket = Bucket,
        Uri? endpoint = null,
        string? accessKeyId = null,
        string? secretAccessKey = null,
        int? partSize = null,
        int? listPageSize = null)
    {
        var options = new BackupLocationOptions
        {
            Type = "s3",
            Endpoint = (endpoint ?? _server.Endpoint).ToString(),
            Bucket = bucket,
            Prefix = prefix,
            AccessKeyId = accessKeyId ?? _server.AccessKeyId,
            SecretAccessKey = secretAccessKey ?? _server.SecretAccessKey,
        };
        return new S3Location("offsite", options)
        {
            PartSize = partSize ?? PartSize,
            ListPageSize = listPageSize ?? 1000,
        };
    }

    private static Task PutTextAsync(S3Location location, string key, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return location.PutAsync(key, new MemoryStream(bytes), bytes.Length, CancellationToken.None);
    }

    private static async Task<byte[]> ReadAsync(S3Location location, string key)
    {
        await using var stream = await location.OpenReadAsync(key, CancellationToken.None);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task<List<BackupObject>> ListAsync(S3Location location, string prefix)
    {
        var listed = new List<BackupObject>();
        await foreach (var item in location.ListAsync(prefix, CancellationToken.None))
        {
            listed.Add(item);
        }

        return listed;
    }

    /// <summary>A port nothing listens on: bound by the OS a moment ago and released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
