using System.Globalization;
using System.Security.Cryptography;
using Waymark.TestSupport.Email;
using Waymark.TestSupport.NodeScripts;

namespace Waymark.TestSupport.S3;

/// <summary>
/// An S3-compatible server for tests (<c>tests/clients/s3-server.mjs</c>, npm <c>s3rver</c>) on 127.0.0.1 over plain
/// HTTP with path-style addressing, keeping its buckets in a temporary directory. It accepts only requests signed
/// (signature version 4) with its own random <see cref="AccessKeyId"/> and <see cref="SecretAccessKey"/>, answering
/// InvalidAccessKeyId or SignatureDoesNotMatch otherwise, as S3 does. Disposing kills it and deletes the directory.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    private readonly NodeScript _script;
    private readonly HttpClient _http;

    private S3Server(NodeScript script, string directory, string accessKeyId, string secretAccessKey)
    {
        _script = script;
        Directory = directory;
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        _http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = Endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port => _script.Port;

    /// <summary>The service URL, <c>http://127.0.0.1:PORT</c>; buckets are addressed by path.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    public string AccessKeyId { get; }

    public string SecretAccessKey { get; }

    /// <summary>Where the server keeps its buckets (one folder each).</summary>
    public string Directory { get; }

    /// <summary>What the server wrote to stderr so far (a request it failed on, for instance).</summary>
    public string Errors => _script.Errors;

    /// <summary>Starts a server with no buckets and fresh credentials; returns once it listens.</summary>
    public static async Task<S3Server> StartAsync()
    {
        TestClients.RequirePackage("s3rver");
        var directory = System.IO.Directory.CreateTempSubdirectory("waymark-s3-").FullName;
        var accessKeyId = "WMTEST" + Convert.ToHexString(RandomNumberGenerator.GetBytes(7));
        var secretAccessKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30));
        try
        {
            var script = await NodeScript.StartAsync(
                "s3-server.mjs",
                ["--dir", directory, "--access-key-id", accessKeyId, "--secret-access-key", secretAccessKey]);
            return new S3Server(script, directory, accessKeyId, secretAccessKey);
        }
        catch (InvalidOperationException)
        {
            TryDelete(directory);
            throw;
        }
    }

    /// <summary>Creates a bucket (an empty one, or leaves an existing one as it is).</summary>
    public async Task CreateBucketAsync(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        // s3rver lets anonymous requests create buckets, which spares the test support a whole S3 client.
        using var response = await _http.PutAsync(new Uri(Uri.EscapeDataString(name), UriKind.Relative), content: null);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException(
                $"s3-server.mjs did not create bucket {name}: {(int)response.StatusCode} {body}\nstderr:\n{Errors}");
        }
    }

    /// <summary>
    /// How many multipart uploads to <paramref name="bucket"/> were started and neither completed nor aborted: their parts
    /// take space but no object shows them. Read from s3rver's store, which keeps one folder per upload.
    /// </summary>
    public int IncompleteUploads(string bucket)
    {
        var uploads = Path.Combine(Directory, bucket, "._S3rver_uploads");
        return System.IO.Directory.Exists(uploads) ? System.IO.Directory.GetDirectories(uploads).Length : 0;
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _script.Dispose();
        TryDelete(Directory);
        return ValueTask.CompletedTask;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
