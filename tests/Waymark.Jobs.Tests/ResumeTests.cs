using Microsoft.Extensions.DependencyInjection;
using Waymark.Jobs.Running;
using Waymark.Jobs.Schema;
using Waymark.Jobs.Tests.Support;
using Waymark.TestSupport;

namespace Waymark.Jobs.Tests;

/// <summary>A worker that died mid-job: its lease runs out and another worker carries on from the saved checkpoint.</summary>
public sealed class ResumeTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Job_WhenItsWorkerDies_IsResumedByAnotherFromItsCheckpoint(string provider)
    {
        var clock = new MovableClock();
        await using var server = await JobServer.StartAsync(provider, clock: clock);
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);
        var store = server.Services.GetRequiredService<JobStore>();

        // As a worker leaves a job when its process is killed after saving the progress of rows 0 and 1.
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new JobRow
        {
            PublicId = "job_" + Guid.NewGuid().ToString("N"),
            WorkspaceId = workspace.InternalId,
            Type = RowsHandler.JobType,
            Status = "processing",
            TotalRows = 5,
            CompletedRows = 2,
            Payload = [RowsHandler.Ok, RowsHandler.Ok, RowsHandler.Ok, RowsHandler.Bad, RowsHandler.Ok],
            Checkpoint = "2",
            CreatedAt = now,
            StartTime = now,
            UpdatedAt = now,
            LeaseOwner = "dead-worker",
            LeaseUntil = now + 30_000,
            Attempts = 1,
        };
        await server.InsertAsync(row);
        var deadClaim = new ClaimedJob(row.Id, row.PublicId, row.WorkspaceId, row.Type, row.Payload, row.Checkpoint, 5, 2, 0, [], 1, "dead-worker");
        Assert.Null(await store.ClaimAsync([RowsHandler.JobType], "live-worker", CancellationToken.None));

        clock.Advance(TimeSpan.FromSeconds(31));
        server.Services.GetRequiredService<JobSignal>().Notify();
        var job = await JobServer.WaitForAsync(client, row.PublicId, JobServer.Finished);

        Assert.Equal("partially_completed", (string?)job["status"]);
        Assert.Equal(5, (long?)job["completed_rows"]);
        Assert.Equal(3, (long?)job["errors"]![0]!["row"]);
        Assert.Equal(["2"], server.Recorder.StartCheckpoints[row.PublicId]);
        Assert.Equal([2L, 3L, 4L], server.Recorder.Rows[row.PublicId]);
        Assert.False(await store.RenewAsync(deadClaim, CancellationToken.None));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Job_WhoseWorkersKeepDying_IsFailedAtTheAttemptLimit_WithoutRunningAgain(string provider)
    {
        var clock = new MovableClock();
        await using var server = await JobServer.StartAsync(provider, clock: clock, configuration: new Dictionary<string, string?> { ["Waymark:Jobs:MaxAttempts"] = "2" });
        var workspace = await server.CreateWorkspaceAsync();
        using var client = server.Server.ServerKeyClient(workspace.ServerKey);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new JobRow
        {
            PublicId = "job_" + Guid.NewGuid().ToString("N"),
            WorkspaceId = workspace.InternalId,
            Type = RowsHandler.JobType,
            Status = "processing",
            TotalRows = 1,
            Payload = [RowsHandler.Ok],
            CreatedAt = now,
            StartTime = now,
            UpdatedAt = now,
            LeaseOwner = "second-dead-worker",
            LeaseUntil = now - 1,
            Attempts = 2,
        };
        await server.InsertAsync(row);

        server.Services.GetRequiredService<JobSignal>().Notify();
        var job = await JobServer.WaitForAsync(client, row.PublicId, JobServer.Finished);

        Assert.Equal("failed", (string?)job["status"]);
        Assert.False(server.Recorder.Runs.ContainsKey(row.PublicId));
    }
}
