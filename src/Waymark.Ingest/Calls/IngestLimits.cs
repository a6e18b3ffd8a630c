namespace Waymark.Ingest.Calls;

/// <summary>Segment's published limits, so that clients tuned for Segment never hit a different wall here.</summary>
internal static class IngestLimits
{
    public const int MaxEventBytes = 32 * 1024;
    public const int MaxRequestBytes = 500 * 1024;
    public const int MaxBatchEvents = 2500;
    public const int MaxIdLength = 255;
    public const int MaxNameLength = 255;
}
