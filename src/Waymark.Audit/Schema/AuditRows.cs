namespace Waymark.Audit.Schema;

internal sealed class AuditEntryRow
{
    public long WorkspaceId { get; set; }

    public long Seq { get; set; }

    /// <summary>Unix milliseconds.</summary>
    public long Time { get; set; }

    public string ActorKind { get; set; } = "";

    public string? ActorId { get; set; }

    public string Action { get; set; } = "";

    public string? TargetType { get; set; }

    public string? TargetId { get; set; }

    public string Outcome { get; set; } = "";

    public string? SourceIp { get; set; }

    public string? RequestId { get; set; }

    /// <summary>Canonical JSON (see <see cref="Chain.AuditHash"/>), or null.</summary>
    public string? Details { get; set; }

    public byte[] PrevHash { get; set; } = [];

    public byte[] Hash { get; set; } = [];
}

internal sealed class AuditHeadRow
{
    public long WorkspaceId { get; set; }

    public long Seq { get; set; }

    public byte[] Hash { get; set; } = [];
}

/// <summary>How far one consumer of <see cref="Tail.AuditTail"/> has read one chain.</summary>
internal sealed class AuditCursorRow
{
    public string Consumer { get; set; } = "";

    public long WorkspaceId { get; set; }

    public long Seq { get; set; }
}
