using Waymark.Backups.Scheduling;

namespace Waymark.Backups.Tests.Scheduling;

public sealed class DailySlotsTests
{
    private static readonly TimeSpan TwoAm = TimeSpan.FromHours(2);

    [Theory]
    [InlineData("2026-11-29T01:59:59Z", "2026-11-28T02:00:00Z", "2026-11-29T02:00:00Z")]
    [InlineData("2026-11-29T02:00:00Z", "2026-11-29T02:00:00Z", "2026-11-30T02:00:00Z")]
    [InlineData("2026-11-29T23:00:00Z", "2026-11-29T02:00:00Z", "2026-11-30T02:00:00Z")]
    public void LatestAndNext_AreTheSlotsAroundNow(string now, string latest, string next)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(DateTimeOffset.Parse(latest, System.Globalization.CultureInfo.InvariantCulture), DailySlots.Latest(at, TwoAm));
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), DailySlots.Next(at, TwoAm));
    }
}
