namespace Waymark.Segments.Evaluation;

/// <summary>How many times a user did one event on one UTC day (a row of <c>event_counts</c>).</summary>
internal readonly record struct EventDay(long Day, long Count);
