namespace Waymark.Analytics.Schema;

/// <summary>
/// One subject was active (stored at least one track event) on one UTC day. Retention with "any event" asks, for each
/// user of a cohort, on which days they came back: <c>event_counts</c> answers that only after reading one row per
/// event name and day, and the event log only after reading every event, so this rollup keeps the one row per day.
/// </summary>
internal sealed class ActivityDayRow
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    /// <summary>Days since 1970-01-01 (UTC).</summary>
    public int Day { get; set; }
}
