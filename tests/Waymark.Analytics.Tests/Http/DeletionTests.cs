using Waymark.Analytics.Tests.Support;

namespace Waymark.Analytics.Tests.Http;

/// <summary>A deleted person leaves every analytics answer, and analytics' own rollups.</summary>
public sealed class DeletionTests(AnalyticsServers servers) : IClassFixture<AnalyticsServers>
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeletedUser_DisappearsFromTrendsFunnelsRetentionAndActivity(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await workspace.SeedAsync(servers.Data);
        var today = servers.Clock.Today;
        var (from, to) = (today.AddDays(-59), today);
        var range = Answers.Range(from, to);
        var deleted = servers.Data.FirstSeen.Keys.Where(u => u.StartsWith("user-", StringComparison.Ordinal))
            .OrderByDescending(u => servers.Data.Events.Count(e => e.Subject == u && e.Name == "Signed up")).First();
        var activityBefore = await workspace.Client.CountRowsAsync("activity_days");
        var periodsBefore = await workspace.Client.CountRowsAsync("activity_periods");
        var trends = $"/v1/analytics/trends?event=Signed%20up&event=Created%20project&{range}&interval=week&measure=users&breakdown=plan";
        var funnel = $"/v1/analytics/funnels?step=Signed%20up&step=Created%20project&{range}";
        var retention = $"/v1/analytics/retention?interval=week&{range}";
        Assert.Equal(Answers.OfTrends(BruteForce.Trend(servers.Data, ["Signed up", "Created project"], from, to, "week", true, true)), Answers.OfTrends(await workspace.GetAsync(trends)));

        await workspace.DeleteUserAsync(deleted);

        var after = servers.Data.Without(deleted);
        Assert.Equal(Answers.OfTrends(BruteForce.Trend(after, ["Signed up", "Created project"], from, to, "week", true, true)), Answers.OfTrends(await workspace.GetAsync(trends)));
        Assert.Equal(Answers.OfTrends(BruteForce.Trend(after, ["Signed up"], from, to, "day", false, false)), Answers.OfTrends(await workspace.GetAsync($"/v1/analytics/trends?event=Signed%20up&{range}")));
        Assert.Equal(BruteForce.Funnel(after, ["Signed up", "Created project"], from, to, 14), Answers.StepUsers(await workspace.GetAsync(funnel)));
        Assert.Equal(Answers.OfRetention(BruteForce.Retention(after, null, null, "week", 12, from, to, today)), Answers.OfRetention(await workspace.GetAsync(retention)));
        var deletedDates = servers.Data.Events.Where(e => e.Subject == deleted).Select(e => BruteForce.DateOf(e.At)).Distinct().ToList();
        Assert.NotEmpty(deletedDates);
        Assert.Equal(activityBefore - deletedDates.Count, await workspace.Client.CountRowsAsync("activity_days"));
        var deletedPeriods = deletedDates.Select(d => d.AddDays(-(((int)d.DayOfWeek + 6) % 7))).Distinct().Count() + deletedDates.Select(d => (d.Year, d.Month)).Distinct().Count();
        Assert.Equal(periodsBefore - deletedPeriods, await workspace.Client.CountRowsAsync("activity_periods"));
    }
}
