namespace Waymark.Audit;

/// <summary>
/// Which entries to read; every given criterion must match (exact, case-sensitive matches).
/// <see cref="From"/> is inclusive, <see cref="To"/> exclusive.
/// </summary>
public sealed record AuditFilter(
    string? Action = null,
    string? ActorId = null,
    AuditActorKind? ActorKind = null,
    AuditOutcome? Outcome = null,
    string? TargetType = null,
    string? TargetId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? SourceIp = null)
{
    public static readonly AuditFilter None = new();
}
