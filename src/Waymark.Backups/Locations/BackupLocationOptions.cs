namespace Waymark.Backups.Locations;

/// <summary>
/// One entry of <c>Waymark:Backups:Locations</c>, keyed by the location's name. <see cref="Type"/> is <c>directory</c>
/// (with <see cref="Path"/>) or <c>s3</c> (with <see cref="Endpoint"/>, <see cref="Bucket"/> and credentials).
/// </summary>
public sealed class BackupLocationOptions
{
    public string Type { get; set; } = "directory";

    /// <summary>directory: the folder backups are written to; created when missing.</summary>
    public string? Path { get; set; }

    /// <summary>s3: the service URL, e.g. <c>https://s3.eu-west-1.amazonaws.com</c> or <c>http://127.0.0.1:9000</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>s3: the signing region; <c>us-east-1</c> when the service does not care.</summary>
    public string? Region { get; set; }

    public string? Bucket { get; set; }

    /// <summary>s3: a key prefix inside the bucket, so one bucket can hold several installations.</summary>
    public string? Prefix { get; set; }

    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>s3: address buckets as <c>endpoint/bucket</c> rather than <c>bucket.endpoint</c>; most self-hosted servers need it.</summary>
    public bool ForcePathStyle { get; set; } = true;
}
