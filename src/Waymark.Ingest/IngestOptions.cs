namespace Waymark.Ingest;

/// <summary>Ingest tuning; bound from <c>Waymark:Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Waymark:Ingest";

    /// <summary>Events waiting for a commit before new requests get 503 with Retry-After.</summary>
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>The most events one transaction takes from the queue.</summary>
    public int MaxEventsPerCommit { get; set; } = 5_000;

    /// <summary>Concurrent writer connections on PostgreSQL (SQLite always has one writer).</summary>
    public int PostgresWriters { get; set; } = 2;
}
