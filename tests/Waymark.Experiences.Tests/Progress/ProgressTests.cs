using System.Net;
using System.Text.Json.Nodes;
using Waymark.Experiences.Tests.Authoring;
using Waymark.Experiences.Tests.Support;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Progress;

/// <summary>Progress events sent like any event become per-user progress, counted in the report and removed with the user.</summary>
public abstract class ProgressTests(WaymarkTestServer server)
{
    [Fact]
    public async Task ProgressEvents_AreCountedPerStep_AndDuplicatesCountOnce()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await AuthoringTests.CreateFlowAsync(api, "Tour");
        await SendAsync(api, "ada", id, ("$flow_started", 0), ("$flow_step_viewed", 0), ("$flow_step_viewed", 1), ("$flow_step_viewed", 2), ("$flow_completed", 2));
        await SendAsync(api, "bob", id, ("$flow_started", 0), ("$flow_step_viewed", 0), ("$flow_step_viewed", 1), ("$flow_dismissed", 1));
        await SendAsync(api, "cy", id, ("$flow_started", 0), ("$flow_step_viewed", 0));
        var repeated = Batch("cy", id, "m-fixed", ("$flow_dismissed", 0));
        await api.SendAsync("/v1/batch", repeated);
        await api.SendAsync("/v1/batch", repeated);

        var report = await GetJsonAsync(api.Full, $"/v1/flows/{id}/progress");
        Assert.Equal(3, (int?)report["users_shown"]);
        Assert.Equal(1, (int?)report["users_completed"]);
        Assert.Equal(2, (int?)report["users_dismissed"]);
        Assert.Equal([3, 2, 1], report["steps"]!.AsArray().Select(s => (int)s!["users_reached"]!));
    }

    [Fact]
    public async Task ChecklistReport_CountsTasksDoneByEventAndByFlow()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var flowId = await AuthoringTests.CreateFlowAsync(api, "Tour");
        var created = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/checklists", Json(SampleContent.Checklist(flowId))), HttpStatusCode.Created);
        var id = (string)created["content"]!["id"]!;
        await SendAsync(api, "ada", id, ("$checklist_shown", 0));
        await SendAsync(api, "bob", id, ("$checklist_shown", 0));
        await api.SendAsync("/v1/track", new { userId = "ada", @event = "Created project" });
        await api.SendAsync("/v1/track", new { userId = "bob", @event = "Created project" });
        await api.SendAsync("/v1/track", new { userId = "zed", @event = "Created project" });
        await SendAsync(api, "ada", flowId, ("$flow_started", 0), ("$flow_completed", 2));

        var report = await GetJsonAsync(api.Full, $"/v1/checklists/{id}/progress");
        Assert.Equal(2, (int?)report["users_shown"]);
        Assert.Equal(1, (int?)report["users_completed"]);
        Assert.Equal([2, 1], report["tasks"]!.AsArray().Select(t => (int)t!["users_done"]!));
    }

    [Fact]
    public async Task DeletingAUser_RemovesTheirProgressAndEventCounts()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await AuthoringTests.CreateFlowAsync(api, "Tour");
        await SendAsync(api, "ada", id, ("$flow_started", 0), ("$flow_completed", 2));
        await SendAsync(api, "bob", id, ("$flow_started", 0));
        Assert.Equal(2, await api.CountRowsAsync("content_progress"));
        Assert.True(await api.CountRowsAsync("event_counts") >= 3);

        var deletion = await ApiAnswers.ReadJsonAsync(await api.Full.DeleteAsync("/v1/users/ada"), HttpStatusCode.Accepted);
        await WaitForJobAsync(api, (string)deletion["job_id"]!);

        Assert.Equal(1, await api.CountRowsAsync("content_progress"));
        Assert.Equal(1, (int?)(await GetJsonAsync(api.Full, $"/v1/flows/{id}/progress"))["users_shown"]);
        Assert.Equal(1, await api.CountRowsAsync("event_counts"));
    }

    private static async Task WaitForJobAsync(WorkspaceClient api, string jobId)
    {
        for (var i = 0; i < 200; i++)
        {
            var job = await GetJsonAsync(api.Full, $"/v1/background_jobs/{jobId}");
            if ((string?)job["status"] is "completed" or "failed")
            {
                Assert.Equal("completed", (string?)job["status"]);
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The deletion job did not finish.");
    }

    private static Task SendAsync(WorkspaceClient api, string userId, string contentId, params (string Event, int Step)[] events) =>
        api.SendAsync("/v1/batch", Batch(userId, contentId, null, events));

    private static object Batch(string userId, string contentId, string? messageId, params (string Event, int Step)[] events) => new
    {
        batch = events.Select((e, i) => (object)new Dictionary<string, object?>
        {
            ["type"] = "track",
            ["userId"] = userId,
            ["event"] = e.Event,
            ["messageId"] = messageId ?? Guid.NewGuid().ToString(),
            ["timestamp"] = DateTimeOffset.UnixEpoch.AddDays(20_000).AddSeconds(i).ToString("O"),
            ["properties"] = new Dictionary<string, object> { ["$content_id"] = contentId, ["$content_version"] = 1, ["$step"] = e.Step },
        }).ToArray(),
    };
}

public sealed class SqliteProgressTests(SqliteServerFixture fixture) : ProgressTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresProgressTests(PostgresServerFixture fixture) : ProgressTests(fixture.Server), IClassFixture<PostgresServerFixture>;
