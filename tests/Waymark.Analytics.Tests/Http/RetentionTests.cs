using Waymark.Analytics.Tests.Support;

namespace Waymark.Analytics.Tests.Http;

/// <summary><c>GET /v1/analytics/retention</c> against brute-force cohorts of the same generated events.</summary>
public sealed class RetentionTests(AnalyticsServers servers) : IClassFixture<AnalyticsServers>
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retention_ByFirstSeen_AnyEvent_MatchesBruteForce_ForEveryInterval(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;
        foreach (var (interval, periods, from) in new[] { ("week", 12, today.AddDays(-55)), ("day", 7, today.AddDays(-20)), ("month", 3, today.AddDays(-59)) })
        {
            var answer = await workspace.GetAsync($"/v1/analytics/retention?cohort=first_seen&interval={interval}&periods={periods}&{Answers.Range(from, today)}");
            Assert.Equal(interval, (string?)answer["interval"]);
            Assert.Equal("first_seen", (string?)answer["cohort"]);
            Assert.Null(answer["return_event"]);
            var expected = BruteForce.Retention(servers.Data, null, null, interval, periods, from, today, today);
            Assert.Equal(Answers.OfRetention(expected), Answers.OfRetention(answer));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retention_ByEventCohort_WithReturnEvent_MatchesBruteForce(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;
        var from = today.AddDays(-50);
        var answer = await workspace.GetAsync($"/v1/analytics/retention?cohort=event&cohort_event=Signed%20up&return_event=Upgraded&interval=week&periods=4&{Answers.Range(from, today.AddDays(-7))}");
        Assert.Equal("Upgraded", (string?)answer["return_event"]);
        var expected = BruteForce.Retention(servers.Data, "Signed up", "Upgraded", "week", 4, from, today.AddDays(-7), today);
        Assert.Contains(expected, c => c.Size > 0 && c.Retained.Skip(1).Any(r => r > 0));
        Assert.Equal(Answers.OfRetention(expected), Answers.OfRetention(answer));

        var csv = await workspace.GetCsvAsync($"/v1/analytics/retention?cohort=event&cohort_event=Signed%20up&return_event=Upgraded&interval=week&periods=4&{Answers.Range(from, today.AddDays(-7))}&format=csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("cohort_start,size,period,retained,rate", lines[0]);
        Assert.Equal(expected.Sum(c => c.Retained.Count), lines.Length - 1);
    }
}
