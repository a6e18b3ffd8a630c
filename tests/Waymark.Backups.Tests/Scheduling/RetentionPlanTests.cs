using Waymark.Backups.Retention;

namespace Waymark.Backups.Tests.Scheduling;

public sealed class RetentionPlanTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keep_AYearOfDailyBackups_KeepsSevenDaysFourWeeksAndTwelveMonths()
    {
        var backups = Enumerable.Range(0, 365).Select(d => ($"b{d:D3}", Start.AddDays(d))).ToList();

        var keep = RetentionPlan.Keep(backups, new BackupRetentionOptions { Daily = 7, Weekly = 4, Monthly = 12 });

        var newest = Start.AddDays(364);
        Assert.All(Enumerable.Range(358, 7), d => Assert.Contains($"b{d:D3}", keep));
        var kept = backups.Where(b => keep.Contains(b.Item1)).Select(b => b.Item2).ToList();
        Assert.Equal(12, kept.Select(t => (t.Year, t.Month)).Distinct().Count());
        // The year ends on Thursday 31 December: the weeks before keep their Sundays, the 20th and the 13th.
        Assert.Equal(DayOfWeek.Thursday, newest.DayOfWeek);
        Assert.Contains("b353", keep);
        Assert.Contains("b346", keep);
        Assert.True(keep.Count <= 7 + 4 + 12, $"kept {keep.Count}");
        Assert.DoesNotContain("b000", keep);
    }

    [Fact]
    public void Keep_SeveralBackupsADay_KeepsTheNewestOfEachDay()
    {
        var backups = Enumerable.Range(0, 3).SelectMany(d => Enumerable.Range(0, 4).Select(h => ($"d{d}h{h}", Start.AddDays(d).AddHours(h)))).ToList();

        var keep = RetentionPlan.Keep(backups, new BackupRetentionOptions { Daily = 3, Weekly = 0, Monthly = 0 });

        Assert.Equal(["d0h3", "d1h3", "d2h3"], keep.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Keep_WithOneDailyAndNoWeeklyOrMonthly_KeepsOnlyTheNewest()
    {
        var backups = Enumerable.Range(0, 40).Select(d => ($"b{d:D2}", Start.AddDays(d))).ToList();

        var keep = RetentionPlan.Keep(backups, new BackupRetentionOptions { Daily = 1, Weekly = 0, Monthly = 0 });

        Assert.Equal(["b39"], keep);
    }

    [Fact]
    public void Keep_NoBackups_KeepsNothing() =>
        Assert.Empty(RetentionPlan.Keep([], new BackupRetentionOptions()));
}
