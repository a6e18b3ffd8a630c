namespace Waymark.Analytics.Activity;

/// <summary>UTC calendar days as the rollups store them: whole days since 1970-01-01, as <c>event_counts.day</c> does.</summary>
internal static class AnalyticsDays
{
    public const long DayMilliseconds = 86_400_000;

    private static readonly int Epoch = new DateOnly(1970, 1, 1).DayNumber;

    public static int Of(long timestampMs) => (int)(timestampMs / DayMilliseconds);

    public static int Of(DateOnly date) => date.DayNumber - Epoch;

    public static DateOnly DateOf(int day) => DateOnly.FromDayNumber(day + Epoch);

    public static long StartMs(int day) => day * DayMilliseconds;
}
