namespace Waymark.Audit.Chain;

/// <summary>One entry exactly as stored: the values the hash covers, in the form they are hashed.</summary>
internal sealed record AuditRecord(
    long WorkspaceId,
    long Seq,
    long Time,
    string? ActorKind,
    string? ActorId,
    string? Action,
    string? TargetType,
    string? TargetId,
    string? Outcome,
    string? SourceIp,
    string? RequestId,
    string? Details,
    byte[] PrevHash,
    byte[] Hash);
