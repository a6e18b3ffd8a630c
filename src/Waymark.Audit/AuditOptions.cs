namespace Waymark.Audit;

/// <summary>Audit writer settings, bound from <c>Waymark:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string Section = "Waymark:Audit";

    /// <summary>Events waiting for the writer; a caller recording into a full queue waits for room rather than losing its entry.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>The most entries one transaction appends.</summary>
    public int MaxEntriesPerCommit { get; set; } = 1_000;
}
