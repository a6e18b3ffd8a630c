namespace Waymark.AccessReviews.Scheduling;

/// <summary>A workspace's periodic review schedule.</summary>
internal sealed record ScheduleView(int EveryMonths, int DueDays, DateTimeOffset NextDueAt);
