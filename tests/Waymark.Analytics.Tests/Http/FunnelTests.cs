using Waymark.Analytics.Tests.Support;

namespace Waymark.Analytics.Tests.Http;

/// <summary><c>GET /v1/analytics/funnels</c> against a brute-force walk of each user's events.</summary>
public sealed class FunnelTests(AnalyticsServers servers) : IClassFixture<AnalyticsServers>
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funnels_MatchBruteForce_ForWindowsOrdersAndRepeatedSteps(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;
        var (from, to) = (today.AddDays(-40), today.AddDays(-10));
        var cases = new (string[] Steps, int Window)[]
        {
            (["Signed up", "Created project", "Invited teammate"], 14),
            (["Signed up", "Created project"], 1),
            (["Signed up", "Signed up"], 3),
            (["Created project", "Upgraded", "Created project", "Upgraded"], 30),
            (["Invited teammate", "Upgraded", "Signed up", "Created project", "Invited teammate", "Upgraded", "Signed up", "Created project"], 90),
        };
        foreach (var (steps, window) in cases)
        {
            var answer = await workspace.GetAsync($"/v1/analytics/funnels?{Answers.Query("step", steps)}&{Answers.Range(from, to)}&window_days={window}");
            var expected = BruteForce.Funnel(servers.Data, steps, from, to, window);
            Assert.True(expected[0] > 0 && expected[1] > 0, "The generated data should enter and convert every funnel.");
            Assert.Equal(expected, Answers.StepUsers(answer));
            Assert.Equal(window, (int)answer["window_days"]!);
            var stepsAnswer = answer["steps"]!.AsArray();
            for (var i = 0; i < steps.Length; i++)
            {
                Assert.Equal(steps[i], (string?)stepsAnswer[i]!["event"]);
                Assert.Equal(Math.Round((double)expected[i] / expected[0], 4), Answers.Number(stepsAnswer[i]!["conversion"]), 4);
                Assert.Equal(i == 0 ? 1.0 : Math.Round((double)expected[i] / expected[i - 1], 4), Answers.Number(stepsAnswer[i]!["from_previous"]), 4);
                Assert.Equal(i == 0 ? 0 : expected[i - 1] - expected[i], (long)stepsAnswer[i]!["dropped"]!);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funnel_CountsSameTimeSteps_IgnoresEarlierSteps_HonoursTheWindow_AndNeedsAnotherRowForARepeatedStep(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        await workspace.SeedAsync(Dataset.Edges(servers.Clock));
        var range = Answers.Range(Dataset.EdgeDay(servers.Clock), Dataset.EdgeDay(servers.Clock));

        // Entered: all four. Converted within 14 days: only edge-tie (same timestamp); edge-before did step 2 first, edge-window 15 days later.
        var week = Answers.StepUsers(await workspace.GetAsync($"/v1/analytics/funnels?step=Signed%20up&step=Created%20project&{range}"));
        Assert.Equal(new long[] { 4, 1 }, week);
        var longer = Answers.StepUsers(await workspace.GetAsync($"/v1/analytics/funnels?step=Signed%20up&step=Created%20project&{range}&window_days=20"));
        Assert.Equal(new long[] { 4, 2 }, longer);
        // Signed up → Signed up: only edge-twice has a second row.
        var repeated = Answers.StepUsers(await workspace.GetAsync($"/v1/analytics/funnels?step=Signed%20up&step=Signed%20up&{range}&window_days=1"));
        Assert.Equal(new long[] { 4, 1 }, repeated);
        // Nobody entered before the range: the day before has no entries, and nothing divides by zero.
        var before = Answers.Range(Dataset.EdgeDay(servers.Clock).AddDays(-3), Dataset.EdgeDay(servers.Clock).AddDays(-1));
        var empty = await workspace.GetAsync($"/v1/analytics/funnels?step=Signed%20up&step=Created%20project&{before}");
        Assert.Equal(new long[] { 0, 0 }, Answers.StepUsers(empty));
        Assert.Equal(0, Answers.Number(empty["steps"]![1]!["conversion"]));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Funnel_AsCsv_ListsEveryStep(string provider)
    {
        var workspace = await servers.SeededAsync(provider);
        var today = servers.Clock.Today;
        var csv = await workspace.GetCsvAsync($"/v1/analytics/funnels?step=Signed%20up&step=Created%20project&{Answers.Range(today.AddDays(-50), today)}&format=csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("step,event,users,conversion,from_previous,dropped", lines[0]);
        var expected = BruteForce.Funnel(servers.Data, ["Signed up", "Created project"], today.AddDays(-50), today, 14);
        Assert.Equal($"1,Signed up,{expected[0]},1,1,0", lines[1]);
        Assert.StartsWith($"2,Created project,{expected[1]},", lines[2], StringComparison.Ordinal);
        Assert.EndsWith($",{expected[0] - expected[1]}", lines[2], StringComparison.Ordinal);
    }
}
