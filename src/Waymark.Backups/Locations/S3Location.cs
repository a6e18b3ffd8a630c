using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Waymark.Backups.Locations;

/// <summary>
/// A bucket on Amazon S3 or an S3-compatible server (MinIO, Garage, Ceph, Backblaze, …), optionally under a key prefix.
/// Large objects go up in parts held one at a time in memory, and appear only when the multipart upload completes.
/// </summary>
internal sealed class S3Location : IBackupLocation, IDisposable
{
    /// <summary>S3 refuses parts smaller than this, except the last.</summary>
    internal const int MinPartSize = 5 * 1024 * 1024;

    private const int DefaultPartSize = 32 * 1024 * 1024;
    private const int MaxParts = 10_000;
    private const string DefaultRegion = "us-east-1";

    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly string _endpoint;
    private readonly string[] _credentials;
    private readonly int _partSize = DefaultPartSize;

    public S3Location(string name, BackupLocationOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;

        var endpoint = Required(name, options.Endpoint, nameof(options.Endpoint), "the service URL, e.g. https://s3.eu-west-1.amazonaws.com");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var endpointUri) || endpointUri.Scheme is not ("http" or "https"))
        {
            throw new BackupLocationException(
                $"Backup location {name}: Waymark:Backups:Locations:{name}:Endpoint must be an http or https URL, e.g. http://127.0.0.1:9000.");
        }

        _bucket = Required(name, options.Bucket, nameof(options.Bucket), "the name of an existing bucket");
        var accessKeyId = Required(name, options.AccessKeyId, nameof(options.AccessKeyId), "the access key id to sign requests with");
        var secretAccessKey = Required(name, options.SecretAccessKey, nameof(options.SecretAccessKey), "the secret key that goes with the access key id");
        _credentials = [accessKeyId, secretAccessKey];

        var trimmedPrefix = (options.Prefix ?? "").Trim('/');
        _prefix = trimmedPrefix.Length == 0 ? "" : trimmedPrefix + "/";

        // User info in the URL would be a credential in every message; the rest is what an operator needs to find the server.
        _endpoint = endpointUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');

        var config = new AmazonS3Config
        {
            ServiceURL = endpoint,
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = string.IsNullOrWhiteSpace(options.Region) ? DefaultRegion : options.Region,

            // SDK v4 otherwise adds CRC trailers to every upload (aws-chunked), which many S3-compatible servers refuse.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        _client = new AmazonS3Client(new BasicAWSCredentials(accessKeyId, secretAccessKey), config);
    }

    public string Name { get; }

    /// <summary>The size of each part of a multipart upload, and the most an upload holds in memory at once.</summary>
    internal int PartSize
    {
        get => _partSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinPartSize);
            _partSize = value;
        }
    }

    /// <summary>How many keys one list request asks for (S3 returns at most 1,000).</summary>
    internal int ListPageSize { get; init; } = 1000;

    public string Describe() =>
        _prefix.Length == 0 ? $"s3 {_bucket} at {_endpoint}" : $"s3 {_bucket}/{_prefix.TrimEnd('/')} at {_endpoint}";

    public async Task PutAsync(string key, Stream content, long length, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);

        var partSize = PartSizeFor(length);
        if (length <= partSize)
        {
            await PutWholeAsync(key, content, (int)length, cancellationToken);
        }
        else
        {
            await PutInPartsAsync(key, content, length, partSize, cancellationToken);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            var response = await _client.GetObjectAsync(_bucket, _prefix + key, cancellationToken);

            // Disposing the response stream releases the connection; the response object holds nothing else.
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey")
        {
            throw new BackupLocationException($"Object {key} is missing at location {Name} ({Describe()}).", ex);
        }
        catch (Exception ex) when (IsServiceFailure(ex, cancellationToken))
        {
            throw Failure($"read {key}", ex);
        }
    }

    public async IAsyncEnumerable<BackupObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix, MaxKeys = ListPageSize };
        while (true)
        {
            var page = await CallAsync(
                prefix.Length == 0 ? "list objects" : $"list keys starting with {prefix}",
                () => _client.ListObjectsV2Async(request, cancellationToken),
                cancellationToken);

            // SDK v4 leaves an empty list null.
            foreach (var item in page.S3Objects ?? [])
            {
                if (item.Key.StartsWith(_prefix, StringComparison.Ordinal))
                {
                    var lastModified = item.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : DateTimeOffset.MinValue;
                    yield return new BackupObject(item.Key[_prefix.Length..], item.Size ?? 0, lastModified);
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            await _client.DeleteObjectAsync(_bucket, _prefix + key, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchKey")
        {
            // S3 answers 204 for a missing key; some compatible servers answer 404 instead, which means the same here.
        }
        catch (Exception ex) when (IsServiceFailure(ex, cancellationToken))
        {
            throw Failure($"delete {key}", ex);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task PutWholeAsync(string key, Stream content, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        await ReadPartAsync(key, content, buffer, length, length, cancellationToken);
        using var body = new MemoryStream(buffer, writable: false);
        await CallAsync(
            $"store {key}",
            () => _client.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = _bucket,
                    Key = _prefix + key,
                    InputStream = body,
                    AutoCloseStream = false,

                    // Over http the SDK would otherwise send an aws-chunked signed body, which some compatible servers
                    // (s3rver among them) store framing and all instead of decoding; a part fits in memory, so sign it whole.
                    UseChunkEncoding = false,
                },
                cancellationToken),
            cancellationToken);
    }

    private async Task PutInPartsAsync(string key, Stream content, long length, int partSize, CancellationToken cancellationToken)
    {
        var started = await CallAsync(
            $"start uploading {key}",
            () => _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key }, cancellationToken),
            cancellationToken);
        try
        {
            var buffer = new byte[partSize];
            var parts = new List<PartETag>();
            for (long offset = 0; offset < length; offset += partSize)
            {
                var count = (int)Math.Min(partSize, length - offset);
                await ReadPartAsync(key, content, buffer, count, length, cancellationToken);
                using var body = new MemoryStream(buffer, 0, count, writable: false);
                var partNumber = parts.Count + 1;
                var uploaded = await CallAsync(
                    $"upload part {partNumber.ToString(CultureInfo.InvariantCulture)} of {key}",
                    () => _client.UploadPartAsync(
                        new UploadPartRequest
                        {
                            BucketName = _bucket,
                            Key = _prefix + key,
                            UploadId = started.UploadId,
                            PartNumber = partNumber,
                            InputStream = body,
                            PartSize = count,
                            IsLastPart = offset + count == length,

                            // As for a whole object: no aws-chunked body.
                            UseChunkEncoding = false,
                        },
                        cancellationToken),
                    cancellationToken);
                parts.Add(new PartETag(partNumber, uploaded.ETag));
            }

            await CallAsync(
                $"finish uploading {key}",
                () => _client.CompleteMultipartUploadAsync(
                    new CompleteMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key, UploadId = started.UploadId, PartETags = parts },
                    cancellationToken),
                cancellationToken);
        }
        catch
        {
            await AbortAsync(started.UploadId, key);
            throw;
        }
    }

    /// <summary>
    /// Best effort, and not cancellable, since a cancelled upload needs cleaning up too: an upload left behind is invisible
    /// to readers and only costs storage until the bucket's lifecycle rule for incomplete uploads (or an operator) removes it.
    /// </summary>
    private async Task AbortAsync(string uploadId, string key)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key, UploadId = uploadId }, CancellationToken.None);
        }
        catch (Exception ex) when (IsServiceFailure(ex, CancellationToken.None))
        {
            // The failure that led here is the one to report.
        }
    }

    private async Task ReadPartAsync(string key, Stream content, byte[] buffer, int count, long length, CancellationToken cancellationToken)
    {
        var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, count), count, throwOnEndOfStream: false, cancellationToken);
        if (read < count)
        {
            throw new BackupLocationException(
                $"The content for {key} ended before its announced {length.ToString(CultureInfo.InvariantCulture)} bytes; " +
                $"nothing was stored at location {Name}.");
        }
    }

    /// <summary>The configured part size, or larger when the object would otherwise need more parts than S3 allows.</summary>
    private int PartSizeFor(long length)
    {
        var needed = (length + MaxParts - 1) / MaxParts;
        if (needed > int.MaxValue)
        {
            throw new BackupLocationException($"An object of {length.ToString(CultureInfo.InvariantCulture)} bytes is too large for location {Name}.");
        }

        return Math.Max(_partSize, (int)needed);
    }

    private async Task<T> CallAsync<T>(string action, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (IsServiceFailure(ex, cancellationToken))
        {
            throw Failure(action, ex);
        }
    }

    /// <summary>
    /// What the SDK throws when the service refuses or cannot be reached, including its own timeouts, but not the
    /// caller's cancellation.
    /// </summary>
    private static bool IsServiceFailure(Exception ex, CancellationToken cancellationToken) =>
        ex switch
        {
            AmazonServiceException or AmazonClientException or HttpRequestException or IOException => true,
            OperationCanceledException => !cancellationToken.IsCancellationRequested,
            _ => false,
        };

    private BackupLocationException Failure(string action, Exception ex)
    {
        var reason = ex is AmazonServiceException { StatusCode: not 0 } service
            ? string.IsNullOrEmpty(service.ErrorCode)
                ? $"HTTP {((int)service.StatusCode).ToString(CultureInfo.InvariantCulture)}: {service.Message}"
                : $"{service.ErrorCode} (HTTP {((int)service.StatusCode).ToString(CultureInfo.InvariantCulture)}): {service.Message}"
            : Innermost(ex).Message;
        var hint = ex is AmazonServiceException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized }
            ? "The server refused the credentials. "
            : "";
        return new BackupLocationException(
            $"S3 location {Name} ({Describe()}) could not {action}: {Scrub(reason).TrimEnd('.')}. {hint}" +
            $"Check Waymark:Backups:Locations:{Name}:Endpoint, that bucket {_bucket} exists, and the credentials " +
            $"(Waymark:Backups:Locations:{Name}:AccessKeyId and SecretAccessKey).",
            ex);
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    /// <summary>Servers may echo the access key id in an error; no message of ours carries either credential.</summary>
    private string Scrub(string text)
    {
        foreach (var credential in _credentials)
        {
            text = text.Replace(credential, "***", StringComparison.Ordinal);
        }

        return text;
    }

    private static string Required(string name, string? value, string setting, string what) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new BackupLocationException($"Backup location {name} is of type s3 and needs Waymark:Backups:Locations:{name}:{setting}: {what}.")
            : value;
}
