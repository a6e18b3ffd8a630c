using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Waymark.Analytics.Tests.Support;
using Waymark.TestSupport;

namespace Waymark.Analytics.Tests.Http;

/// <summary><c>GET /v1/analytics/experiences</c>: each flow's users shown, completing and dismissing within the range.</summary>
public sealed class ExperienceResultsTests(AnalyticsServers servers) : IClassFixture<AnalyticsServers>
{
    public static readonly TheoryData<string> Providers = ["sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Experiences_CountUsersShownCompletedAndDismissed_InTheRange(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var tour = await CreateFlowAsync(workspace, "Tour");
        var unused = await CreateFlowAsync(workspace, "Unused");
        var at = servers.Clock.Anchor.AddDays(-2);
        await workspace.Client.SendAsync("/v1/batch", new
        {
            batch = new[]
            {
                Progress("ada", "$flow_started", tour, at), Progress("ada", "$flow_completed", tour, at.AddMinutes(1)),
                Progress("bob", "$flow_started", tour, at), Progress("bob", "$flow_dismissed", tour, at.AddMinutes(1)),
                // Dismissed, then came back and completed: a completion, not a dismissal.
                Progress("cy", "$flow_started", tour, at), Progress("cy", "$flow_dismissed", tour, at.AddMinutes(1)), Progress("cy", "$flow_completed", tour, at.AddMinutes(5)),
                Progress("cy", "$flow_started", tour, at.AddMinutes(4)),
                // Before the default range of 30 days: not counted.
                Progress("dee", "$flow_started", tour, servers.Clock.Anchor.AddDays(-40)),
            },
        });

        var answer = await workspace.GetAsync("/v1/analytics/experiences");

        var rows = answer["experiences"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal([tour, unused], rows.Select(r => (string?)r["content_id"]));
        Assert.Equal("flow", (string?)rows[0]["kind"]);
        Assert.Equal("Tour", (string?)rows[0]["name"]);
        Assert.Equal([3L, 2L, 1L], new[] { "views", "completions", "dismissals" }.Select(f => (long)rows[0][f]!));
        Assert.Equal(0.6667, Answers.Number(rows[0]["completion_rate"]), 4);
        Assert.Equal([0L, 0L, 0L], new[] { "views", "completions", "dismissals" }.Select(f => (long)rows[1][f]!));

        var csv = (await workspace.GetCsvAsync("/v1/analytics/experiences?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["content_id,kind,name,views,completions,dismissals,completion_rate", $"{tour},flow,Tour,3,2,1,0.6667", $"{unused},flow,Unused,0,0,0,0"], csv);
    }

    private static object Progress(string userId, string name, string contentId, DateTimeOffset at) => new
    {
        type = "track",
        userId,
        @event = name,
        properties = new Dictionary<string, object> { ["$content_id"] = contentId, ["$content_version"] = 1 },
        timestamp = at.ToString("O", CultureInfo.InvariantCulture),
    };

    private static async Task<string> CreateFlowAsync(AnalyticsWorkspace workspace, string name)
    {
        var definition = new
        {
            name,
            steps = new object[] { new { id = "welcome", type = "modal", title = "Welcome", body = "<p>Hello</p>", buttons = new object[] { new { label = "Start", action = "next" } } } },
            targeting = new { segment_id = (string?)null, pages = Array.Empty<object>(), trigger = new { type = "page_load" }, frequency = new { type = "until_completed", cooldown_minutes = 0 }, priority = 0, starts_at = (string?)null, ends_at = (string?)null },
        };
        var created = await ApiAnswers.ReadJsonAsync(await workspace.Full.PostAsync("/v1/flows", ApiAnswers.Json(definition)), HttpStatusCode.Created);
        return (string)created["content"]!["id"]!;
    }
}
