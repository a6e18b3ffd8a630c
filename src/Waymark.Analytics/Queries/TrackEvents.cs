namespace Waymark.Analytics.Queries;

/// <summary>Which rows of <c>events</c> are analysed: track calls only, stored by ingest with type 2 (a number that never changes).</summary>
internal static class TrackEvents
{
    /// <summary>A literal, not a parameter, so the planner matches it against <c>ix_events_name</c>'s leading columns.</summary>
    public const string Filter = "type = 2";
}
