namespace Waymark.Incidents.Signals;

/// <summary>Open → acknowledged → resolved; an incident may also be resolved straight from open.</summary>
internal static class IncidentStates
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All = [Open, Acknowledged, Resolved];
}

/// <summary>The kinds of timeline entry.</summary>
internal static class TimelineKinds
{
    public const string Signal = "signal";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Notified = "notified";
    public const string NotificationFailed = "notification-failed";
    public const string Escalated = "escalated";
}
