namespace Waymark.Audit;

/// <summary>
/// Field limits, checked when an event is recorded: an event that does not fit is refused rather than truncated,
/// because a shortened record would no longer say what happened.
/// </summary>
internal static class AuditLimits
{
    public const int ActorKind = 16;
    public const int Outcome = 16;
    public const int Action = 100;
    public const int TargetType = 50;
    public const int Id = 200;
    public const int SourceIp = 64;
    public const int RequestId = 100;
    public const int DetailsJson = 8 * 1024;
}
