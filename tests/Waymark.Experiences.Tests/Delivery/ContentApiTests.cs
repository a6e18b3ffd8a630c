using System.Net;
using System.Text.Json.Nodes;
using Waymark.Experiences.Tests.Authoring;
using Waymark.Experiences.Tests.Support;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Delivery;

/// <summary><c>GET /v1/content</c>: segments, pages, triggers, frequency, priority, environments and checklists, decided per user.</summary>
public abstract class ContentApiTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Content_ShowsAFlowOnlyToUsersInItsSegment()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["plan"] = "public" } });
        var segment = await CreateSegmentAsync(api, new { match = "all", rules = new object[] { new { type = "user_trait", key = "plan", op = "equals", value = "trial" } } });
        var id = await LiveFlowAsync(api, SampleContent.Flow(segmentId: segment));
        await api.SendAsync("/v1/identify", new { userId = "trial-user", traits = new { plan = "trial" } });
        await api.SendAsync("/v1/identify", new { userId = "pro-user", traits = new { plan = "pro" } });

        var trial = await ContentAsync(api, "user_id=trial-user&path=/");
        Assert.Equal([id], FlowIds(trial));
        Assert.Equal(3, trial["flows"]![0]!["steps"]!.AsArray().Count);
        Assert.Null(trial["flows"]![0]!["targeting"]);
        Assert.Empty(FlowIds(await ContentAsync(api, "user_id=pro-user&path=/")));
        Assert.Empty(FlowIds(await ContentAsync(api, "user_id=stranger&path=/")));
    }

    [Fact]
    public async Task Content_MatchesPageRules_AndManualFlowsComeOnlyByTrigger()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var projects = await LiveFlowAsync(api, SampleContent.Flow("Projects", pages: [new { match = "starts_with", value = "/projects" }]));
        var settings = await LiveFlowAsync(api, SampleContent.Flow("Settings", pages: [new { match = "pattern", value = "/projects/*/settings" }], priority: 50));
        var manual = await LiveFlowAsync(api, SampleContent.Flow("Manual", trigger: new { type = "manual" }));

        Assert.Equal([projects], FlowIds(await ContentAsync(api, "user_id=u&path=/projects/7")));
        Assert.Equal([settings, projects], FlowIds(await ContentAsync(api, "user_id=u&path=/projects/7/settings")));
        Assert.Empty(FlowIds(await ContentAsync(api, "user_id=u&path=/home")));
        Assert.Equal([manual], FlowIds(await ContentAsync(api, $"user_id=u&path=/home&trigger={manual}")));
    }

    [Fact]
    public async Task Content_RespectsFrequencyAndCooldown_FromProgressEvents()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var once = await LiveFlowAsync(api, SampleContent.Flow("Once", frequency: new { type = "once" }));
        var untilDone = await LiveFlowAsync(api, SampleContent.Flow("Until done", frequency: new { type = "until_completed", cooldown_minutes = 0 }));
        var cooled = await LiveFlowAsync(api, SampleContent.Flow("Every day", frequency: new { type = "every_time", cooldown_minutes = 1440 }));
        Assert.Equal(3, FlowIds(await ContentAsync(api, "user_id=ada&path=/")).Count);

        foreach (var id in new[] { once, untilDone, cooled })
        {
            await TrackProgressAsync(api, "ada", id, "$flow_started");
        }

        Assert.Equal([untilDone], FlowIds(await ContentAsync(api, "user_id=ada&path=/")));
        await TrackProgressAsync(api, "ada", untilDone, "$flow_completed");
        Assert.Empty(FlowIds(await ContentAsync(api, "user_id=ada&path=/")));
        Assert.Equal(3, FlowIds(await ContentAsync(api, "user_id=bob&path=/")).Count);
    }

    [Fact]
    public async Task Content_ServesEachEnvironmentItsOwnVersion()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await AuthoringTests.CreateFlowAsync(api, "Tour");
        await AuthoringTests.PublishAsync(api, id, "production");
        await api.Full.PutAsync($"/v1/flows/{id}", Json(SampleContent.Flow("Tour v2")));
        await AuthoringTests.PublishAsync(api, id, "staging");

        var production = await ContentAsync(api, "user_id=u&path=/");
        var staging = await ContentAsync(api, "user_id=u&path=/&environment=staging");
        Assert.Equal(1, (int?)production["flows"]![0]!["version"]);
        Assert.Equal(2, (int?)staging["flows"]![0]!["version"]);
        Assert.Equal("Tour v2", (string?)staging["flows"]![0]!["name"]);

        Assert.Equal(HttpStatusCode.OK, (await api.Full.PostAsync($"/v1/flows/{id}/unpublish", Json(new { environment = "production" }))).StatusCode);
        Assert.Empty(FlowIds(await ContentAsync(api, "user_id=u&path=/")));
    }

    [Fact]
    public async Task Checklist_TasksCompleteByEventAndByFlow_AndItDisappearsWhenDoneOrDismissed()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var flowId = await LiveFlowAsync(api, SampleContent.Flow("Tour", trigger: new { type = "manual" }));
        var created = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/checklists", Json(SampleContent.Checklist(flowId))), HttpStatusCode.Created);
        var checklist = (string)created["content"]!["id"]!;
        await AuthoringTests.PublishAsync(api, checklist, "production");

        var fresh = await ContentAsync(api, "user_id=ada&path=/");
        Assert.Equal(0, (int?)fresh["checklists"]![0]!["done"]);
        Assert.Equal(2, (int?)fresh["checklists"]![0]!["total"]);
        Assert.Contains("Created project", fresh["watch_events"]!.AsArray().Select(e => (string?)e));

        await api.SendAsync("/v1/track", new { userId = "ada", @event = "Created project" });
        var half = await ContentAsync(api, "user_id=ada&path=/");
        Assert.Equal([true, false], half["checklists"]![0]!["tasks"]!.AsArray().Select(t => (bool)t!["done"]!));

        await TrackProgressAsync(api, "ada", flowId, "$flow_completed");
        Assert.Empty((await ContentAsync(api, "user_id=ada&path=/"))["checklists"]!.AsArray());

        await TrackProgressAsync(api, "bob", checklist, "$checklist_dismissed");
        Assert.Empty((await ContentAsync(api, "user_id=bob&path=/"))["checklists"]!.AsArray());
        Assert.Single((await ContentAsync(api, "user_id=cy&path=/"))["checklists"]!.AsArray());
    }

    [Fact]
    public async Task Content_ForAnonymousVisitors_UsesTheirOwnProgress()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await LiveFlowAsync(api, SampleContent.Flow("Once", frequency: new { type = "once" }));
        await api.SendAsync("/v1/batch", new { batch = new[] { new Dictionary<string, object> { ["type"] = "track", ["anonymousId"] = "visitor-1", ["event"] = "$flow_started", ["properties"] = new Dictionary<string, object> { ["$content_id"] = id } } } });

        Assert.Empty(FlowIds(await ContentAsync(api, "anonymous_id=visitor-1&path=/")));
        Assert.Equal([id], FlowIds(await ContentAsync(api, "anonymous_id=visitor-2&path=/")));
        Assert.Equal([id], FlowIds(await ContentAsync(api, "user_id=visitor-1&path=/")));
    }

    [Theory]
    [InlineData("path=/")]
    [InlineData("user_id=a&anonymous_id=b")]
    [InlineData("user_id=a&environment=prod")]
    [InlineData("user_id=a&trigger=chk_1")]
    public async Task Content_BadRequest_Returns400Problem(string query)
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var answer = await api.Write.GetAsync("/v1/content?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Content_NeedsAWriteKey_AndIsNeverCached()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        using var anonymous = server.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/content?user_id=a")).StatusCode);
        var answer = await api.Write.GetAsync("/v1/content?user_id=a");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore);
    }

    internal static async Task<string> CreateSegmentAsync(WorkspaceClient api, object conditions)
    {
        var created = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/segments", Json(new { name = "Segment " + Guid.NewGuid().ToString("N")[..8], conditions })), HttpStatusCode.Created);
        return (string)created["id"]!;
    }

    internal static async Task<string> LiveFlowAsync(WorkspaceClient api, object definition)
    {
        var id = await AuthoringTests.CreateFlowAsync(api, "", definition);
        await AuthoringTests.PublishAsync(api, id, "production");
        return id;
    }

    internal static async Task<JsonObject> ContentAsync(WorkspaceClient api, string query) =>
        await ApiAnswers.ReadJsonAsync(await api.Write.GetAsync("/v1/content?" + query));

    internal static Task TrackProgressAsync(WorkspaceClient api, string userId, string contentId, string name) =>
        api.SendAsync("/v1/track", new Dictionary<string, object> { ["userId"] = userId, ["event"] = name, ["properties"] = new Dictionary<string, object> { ["$content_id"] = contentId, ["$content_version"] = 1, ["$step"] = 2 } });

    private static List<string> FlowIds(JsonObject answer) => answer["flows"]!.AsArray().Select(f => (string)f!["id"]!).ToList();
}

public sealed class SqliteContentApiTests(SqliteServerFixture fixture) : ContentApiTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresContentApiTests(PostgresServerFixture fixture) : ContentApiTests(fixture.Server), IClassFixture<PostgresServerFixture>;
