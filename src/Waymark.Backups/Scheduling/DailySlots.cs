namespace Waymark.Backups.Scheduling;

/// <summary>The daily backup's slots: one a day at <c>Waymark:Backups:DailyAt</c> (UTC).</summary>
internal static class DailySlots
{
    /// <summary>The most recent slot at or before <paramref name="now"/>.</summary>
    public static DateTimeOffset Latest(DateTimeOffset now, TimeSpan dailyAt)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + dailyAt;
        return today <= now ? today : today.AddDays(-1);
    }

    public static DateTimeOffset Next(DateTimeOffset now, TimeSpan dailyAt) => Latest(now, dailyAt).AddDays(1);
}
