using Waymark.Analytics.Queries;

namespace Waymark.Analytics.Activity;

/// <summary>The periods <c>activity_periods</c> keeps: ISO weeks and calendar months, stored under their interval.</summary>
internal static class ActivityPeriods
{
    public static readonly Interval[] Kept = [Interval.Week, Interval.Month];

    public static short Of(Interval interval) => (short)interval;
}
