namespace Waymark.Audit;

/// <summary>One audit entry as read back. Hashes are lowercase hex.</summary>
public sealed record AuditEntryView(
    long WorkspaceId,
    long Seq,
    DateTimeOffset Time,
    AuditActor Actor,
    string Action,
    string? TargetType,
    string? TargetId,
    AuditOutcome Outcome,
    string? SourceIp,
    string? RequestId,
    IReadOnlyDictionary<string, string>? Details,
    string Hash,
    string PrevHash);
