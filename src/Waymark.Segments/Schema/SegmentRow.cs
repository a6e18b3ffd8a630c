namespace Waymark.Segments.Schema;

/// <summary>One saved segment: its name and its rules as the JSON the API received. Times are Unix milliseconds.</summary>
internal sealed class SegmentRow
{
    /// <summary><c>seg_</c> and 16 random hex characters.</summary>
    public string Id { get; set; } = "";

    public long WorkspaceId { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The <c>conditions</c> object, validated when saved and parsed again when read (data classes may have changed).</summary>
    public string Definition { get; set; } = "";

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    /// <summary>Who created it (<c>member:ID</c>, <c>server-key:ID</c>).</summary>
    public string CreatedBy { get; set; } = "";

    public string UpdatedBy { get; set; } = "";
}
