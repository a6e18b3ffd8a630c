namespace Waymark.Ingest.Export;

/// <summary>Data subject exports; bound from <c>Waymark:Exports</c>.</summary>
public sealed class ExportOptions
{
    public const string Section = "Waymark:Exports";

    /// <summary>Subjects with at most this many events are exported in the response; larger ones by a background job.</summary>
    public int InlineMaxEvents { get; set; } = 10_000;

    /// <summary>How long a job's export can be downloaded, counted from the request that started it.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Bytes of content per sealed chunk of a job's export.</summary>
    public int ChunkBytes { get; set; } = 1024 * 1024;
}
