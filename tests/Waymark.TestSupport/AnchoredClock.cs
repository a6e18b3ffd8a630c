namespace Waymark.TestSupport;

/// <summary>
/// A clock that started at noon UTC today and runs at the real pace: a test's "days ago" never straddle midnight,
/// whenever the suite runs.
/// </summary>
public sealed class AnchoredClock : TimeProvider
{
    private readonly DateTimeOffset _startedAt = System.GetUtcNow();

    public DateTimeOffset Anchor { get; } = new(System.GetUtcNow().UtcDateTime.Date.AddHours(12), TimeSpan.Zero);

    public DateOnly Today => DateOnly.FromDateTime(Anchor.UtcDateTime);

    public override DateTimeOffset GetUtcNow() => Anchor + (System.GetUtcNow() - _startedAt);

    /// <summary>Noon of the day <paramref name="days"/> days before today, plus <paramref name="hours"/>.</summary>
    public DateTimeOffset DaysAgo(int days, int hours = 0) => Anchor.AddDays(-days).AddHours(hours);
}
