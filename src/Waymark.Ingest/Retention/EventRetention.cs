namespace Waymark.Ingest.Retention;

/// <summary>A workspace's event retention as stored: days to keep events (null: forever) and when the last purge began.</summary>
internal sealed record EventRetention(int? Days, DateTimeOffset? LastPurgeAt);
