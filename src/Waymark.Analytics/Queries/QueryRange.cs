using Waymark.Analytics.Activity;

namespace Waymark.Analytics.Queries;

/// <summary>Whole UTC calendar days, both ends included.</summary>
internal sealed record QueryRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    public const int DefaultDays = 30;

    public int FromDay => AnalyticsDays.Of(From);

    public int ToDay => AnalyticsDays.Of(To);

    /// <summary>The first millisecond of <see cref="From"/>.</summary>
    public long StartMs => AnalyticsDays.StartMs(FromDay);

    /// <summary>The last millisecond of <see cref="To"/>.</summary>
    public long EndMs => AnalyticsDays.StartMs(ToDay + 1) - 1;
}
