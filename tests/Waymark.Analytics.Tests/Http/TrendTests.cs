using Waymark.Analytics.Tests.Support;

namespace Waymark.Analytics.Tests.Http;

/// <summary><c>GET /v1/analytics/trends</c> against a brute-force count of the same generated events.</summary>
public sealed class TrendTests(AnalyticsServers servers) : IClassFixture<AnalyticsServers>
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Trends_CountAndUsers_MatchBruteForce_ForEveryInterval(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;
        var (from, to) = (today.AddDays(-45), today.AddDays(-3));
        string[] events = ["Created project", "Upgraded"];
        foreach (var interval in new[] { "day", "week", "month" })
        {
            foreach (var measure in new[] { "count", "users" })
            {
                var answer = await workspace.GetAsync($"/v1/analytics/trends?{Answers.Query("event", events)}&{Answers.Range(from, to)}&interval={interval}&measure={measure}");
                Assert.Equal(interval, (string?)answer["interval"]);
                Assert.Equal(measure, (string?)answer["measure"]);
                Assert.Equal(Answers.OfTrends(BruteForce.Trend(servers.Data, events, from, to, interval, measure == "users", breakdown: false)), Answers.OfTrends(answer));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Trends_ByPublicProperty_KeepTopTenValues_FoldTheRestIntoOther_AndMissingIntoNone(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;
        var (from, to) = (today.AddDays(-59), today);
        string[] events = ["Created project", "Invited teammate"];
        foreach (var measure in new[] { "count", "users" })
        {
            var answer = await workspace.GetAsync($"/v1/analytics/trends?{Answers.Query("event", events)}&{Answers.Range(from, to)}&interval=week&measure={measure}&breakdown=plan");
            Assert.Equal("plan", (string?)answer["breakdown"]);
            var expected = BruteForce.Trend(servers.Data, events, from, to, "week", measure == "users", breakdown: true);
            Assert.Contains(expected, s => s.BreakdownValue == "(other)");
            Assert.Contains(expected, s => s.BreakdownValue == "(none)");
            Assert.Equal(Answers.OfTrends(expected), Answers.OfTrends(answer));
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Trends_DefaultToTheLast30DaysByDay_WithEveryBucketListed(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;

        var answer = await workspace.GetAsync("/v1/analytics/trends?event=Never%20sent");

        Assert.Equal(AnalyticsWorkspace.Day(today.AddDays(-29)), (string?)answer["from"]);
        Assert.Equal(AnalyticsWorkspace.Day(today), (string?)answer["to"]);
        var series = Assert.Single(answer["series"]!.AsArray())!;
        Assert.Equal(0, (long)series["total"]!);
        Assert.Equal(30, series["points"]!.AsArray().Count);
        Assert.All(series["points"]!.AsArray(), p => Assert.Equal(0, (long)p!["value"]!));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Trends_InSegment_CountOnlyItsUsers(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;
        var (from, to) = (today.AddDays(-59), today);
        var segment = await SegmentAsync(workspace, "Gold " + provider, "gold");

        var answer = await workspace.GetAsync($"/v1/analytics/trends?event=Created%20project&{Answers.Range(from, to)}&interval=month&measure=users&segment={segment}");

        var gold = servers.Data.Tiers.Where(t => t.Value == "gold").Select(t => t.Key).ToHashSet();
        Assert.NotEmpty(gold);
        Assert.Equal(Answers.OfTrends(BruteForce.Trend(servers.Data, ["Created project"], from, to, "month", users: true, breakdown: false, gold.Contains)), Answers.OfTrends(answer));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Trends_AsCsv_HaveAHeaderAndOneRowPerPoint(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;
        var range = Answers.Range(today.AddDays(-59), today);

        var json = await workspace.GetAsync($"/v1/analytics/trends?event=Upgraded&{range}&interval=week&breakdown=plan");
        var csv = await workspace.GetCsvAsync($"/v1/analytics/trends?event=Upgraded&{range}&interval=week&breakdown=plan&format=csv");

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("event,breakdown_value,date,value", lines[0]);
        var expected = json["series"]!.AsArray().SelectMany(s => s!["points"]!.AsArray().Select(p => $"{s["event"]},{Cell((string)s["breakdown_value"]!)},{p!["date"]},{p["value"]}")).ToList();
        Assert.Equal(expected, lines.Skip(1).ToList());
        // A value that a spreadsheet would run as a formula is written as text.
        Assert.Contains(lines, l => l.Contains(",'=SUM(A1),", StringComparison.Ordinal));
    }

    internal static async Task<string> SegmentAsync(AnalyticsWorkspace workspace, string name, string tier)
    {
        var created = await Waymark.TestSupport.ApiAnswers.ReadJsonAsync(
            await workspace.Full.PostAsync("/v1/segments", Waymark.TestSupport.ApiAnswers.Json(new { name, conditions = new { match = "all", rules = new[] { new { type = "user_trait", key = "tier", op = "equals", value = tier } } } })),
            System.Net.HttpStatusCode.Created);
        return (string)created["id"]!;
    }

    private static string Cell(string value) => value.StartsWith('=') ? "'" + value : value;
}
