using System.Text.Json.Nodes;
using Waymark.Jobs.Tests.Support;

namespace Waymark.Jobs.Tests;

/// <summary>The worker role running the test handlers end to end, observed through <c>GET /v1/background_jobs/{id}</c>.</summary>
public sealed class WorkerTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Job_MovesFromQueuedThroughProcessingToCompleted_WithItsCounts(string provider)
    {
        await using var server = await JobServer.StartAsync(provider, configuration: new Dictionary<string, string?> { ["Waymark:Jobs:Concurrency"] = "1" });
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);

        var busy = await server.EnqueueRowsAsync(workspace, RowsHandler.Ok, RowsHandler.Ok, RowsHandler.Wait, RowsHandler.Ok);
        await server.Recorder.Waiting(busy).Task.WaitAsync(TimeSpan.FromMinutes(2));
        var waiting = await server.EnqueueRowsAsync(workspace, RowsHandler.Ok, RowsHandler.Ok, RowsHandler.Ok);

        var processing = await JobServer.GetJobAsync(client, busy);
        Assert.Equal("processing", (string?)processing["status"]);
        Assert.Equal(4, (long?)processing["total_rows"]);
        Assert.Equal(2, (long?)processing["completed_rows"]);
        Assert.NotNull((string?)processing["start_time"]);
        Assert.Null(processing["end_time"]);
        var queued = await JobServer.GetJobAsync(client, waiting);
        Assert.Equal("queued", (string?)queued["status"]);
        Assert.Equal(0, (long?)queued["completed_rows"]);
        Assert.Null(queued["start_time"]);

        server.Recorder.Gate(busy).SetResult();
        var done = await JobServer.WaitForAsync(client, busy, JobServer.Finished);
        var next = await JobServer.WaitForAsync(client, waiting, JobServer.Finished);

        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(4, (long?)done["completed_rows"]);
        Assert.Empty(done["errors"]!.AsArray());
        Assert.NotNull((string?)done["end_time"]);
        Assert.True((double?)done["elapsed_time"] >= 0);
        Assert.Equal("completed", (string?)next["status"]);
        Assert.Equal(3, (long?)next["completed_rows"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Job_WithSomeRowsFailing_IsPartiallyCompleted_WithTheTotalItsHandlerSet_AndNamesTheFailedRows(string provider)
    {
        await using var server = await JobServer.StartAsync(provider);
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);

        var jobId = await server.Queue.EnqueueAsync(workspace.InternalId, RowsHandler.JobType, new[] { RowsHandler.Ok, RowsHandler.Bad, RowsHandler.Ok, RowsHandler.Bad }, totalRows: 0);
        var job = await JobServer.WaitForAsync(client, jobId, JobServer.Finished);

        Assert.Equal("partially_completed", (string?)job["status"]);
        Assert.Equal(4, (long?)job["total_rows"]);
        Assert.Equal(4, (long?)job["completed_rows"]);
        Assert.Equal(2, (long?)job["failed_rows"]);
        var errors = job["errors"]!.AsArray().Select(e => ((long?)e!["row"], (string?)e["error"])).ToList();
        Assert.Equal([(1L, "Row rejected by the test handler."), (3L, "Row rejected by the test handler.")], errors);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Job_WithEveryRowFailing_IsFailed(string provider)
    {
        await using var server = await JobServer.StartAsync(provider);
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);

        var jobId = await server.EnqueueRowsAsync(workspace, RowsHandler.Bad, RowsHandler.Bad);
        var job = await JobServer.WaitForAsync(client, jobId, JobServer.Finished);

        Assert.Equal("failed", (string?)job["status"]);
        Assert.Equal(2, (long?)job["completed_rows"]);
        Assert.Equal(2, job["errors"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Job_WhoseHandlerKeepsThrowing_IsRetried_ThenFailedAtTheAttemptLimit(string provider)
    {
        await using var server = await JobServer.StartAsync(provider, configuration: new Dictionary<string, string?> { ["Waymark:Jobs:MaxAttempts"] = "3" });
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);

        var jobId = await server.Queue.EnqueueAsync(workspace.InternalId, ThrowingHandler.JobType, new byte[] { 1 }, 1);
        var job = await JobServer.WaitForAsync(client, jobId, JobServer.Finished);

        Assert.Equal("failed", (string?)job["status"]);
        Assert.Equal(3, server.Recorder.Runs[jobId]);
        Assert.DoesNotContain("always fails", job.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ManyJobs_OnAWorkerRunningSeveralAtOnce_AreEachRunExactlyOnce(string provider)
    {
        await using var server = await JobServer.StartAsync(provider, configuration: new Dictionary<string, string?> { ["Waymark:Jobs:Concurrency"] = "4" });
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);
        var jobs = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            jobs.Add(await server.EnqueueRowsAsync(workspace, RowsHandler.Ok, RowsHandler.Ok, RowsHandler.Ok));
        }

        var finished = new List<JsonObject>();
        foreach (var jobId in jobs)
        {
            finished.Add(await JobServer.WaitForAsync(client, jobId, JobServer.Finished));
        }

        Assert.All(finished, job => Assert.Equal("completed", (string?)job["status"]));
        Assert.All(jobs, jobId => Assert.Equal(1, server.Recorder.Runs[jobId]));
        Assert.All(jobs, jobId => Assert.Equal([0L, 1L, 2L], server.Recorder.Rows[jobId]));
    }
}
