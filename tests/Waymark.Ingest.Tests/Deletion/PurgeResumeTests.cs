using System.Net;
using Waymark.Hosting;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;
using static Waymark.Ingest.Tests.BackgroundJobs;
using static Waymark.Ingest.Tests.Deletion.DeletionApi;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Deletion;

/// <summary>
/// The two halves of a deletion apart: a node without the worker role accepts it (the person is unreadable at once,
/// the rows wait for a worker), and a worker that died halfway through the purge is succeeded by another that finishes.
/// </summary>
public sealed class PurgeResumeTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Purge_WhenItsWorkerDiedMidway_IsFinishedByAnotherWorker(string provider)
    {
        await using var app = await WaymarkTestServer.StartAsync(provider, role: Role.App | Role.Ingest);
        var workspace = await app.CreateWorkspaceAsync();
        var api = new WorkspaceClient(app, workspace.WriteKey, workspace.ServerKey);
        foreach (var user in new[] { "u-first", "u-second" })
        {
            await api.SendAsync("/v1/batch", new { batch = Enumerable.Range(0, 40).Select(i => new { type = "track", userId = user, @event = "Step " + i }).ToArray() });
        }

        var accepted = await DeleteAsync(api.Full, "/v1/users", new { users = new[] { "u-first", "u-second" } });
        var jobId = (string)accepted["job_id"]!;

        Assert.Equal("queued", (string?)(await GetJsonAsync(api.Full, "/v1/background_jobs/" + jobId))["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync("/v1/users/u-first")).StatusCode);
        Assert.Equal(80, await CountAsync(app, "events", workspace.InternalId));

        // What a worker leaves when it dies partway through the first subject: some rows gone, the job still
        // "processing" under a lease that has run out, no checkpoint yet.
        await ExecuteAsync(app, "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE workspace_id = @w ORDER BY seq LIMIT 15)", ("@w", workspace.InternalId));
        await ExecuteAsync(app, "UPDATE background_jobs SET status = 'processing', lease_owner = 'dead-worker', lease_until = 1, attempts = 1, start_time = 1 WHERE job_id = @j", ("@j", jobId));

        await using var worker = await WaymarkTestServer.StartAsync(provider, role: Role.Worker, sharing: app);
        var job = await WaitForJobAsync(api.Full, jobId);

        Assert.Equal("completed", (string?)job["status"]);
        Assert.Equal(2, (long)job["completed_rows"]!);
        Assert.Equal(0, (long)job["failed_rows"]!);
        Assert.Equal(0, await CountAsync(app, "events", workspace.InternalId));
        Assert.Equal(0, await CountAsync(app, "users", workspace.InternalId));
    }

    [Fact]
    public async Task Purge_LeavesNoTraceOfThePersonInTheSqliteFiles()
    {
        await using var server = await WaymarkTestServer.StartAsync("sqlite");
        var workspace = await server.CreateWorkspaceAsync();
        var api = new WorkspaceClient(server, workspace.WriteKey, workspace.ServerKey);
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["plan"] = "public", ["note"] = "public" } });
        var canary = "CANARY" + Guid.NewGuid().ToString("N");
        await api.SendAsync("/v1/identify", new { userId = "u-canary", traits = new { plan = canary + "-plan", email = canary + "@example.test" } });
        await api.SendAsync("/v1/track", new { userId = "u-canary", @event = "Wrote Note", properties = new { note = canary + "-note" } });
        var files = Directory.GetFiles(server.DataDirectory);
        Assert.True(RawFiles.Contain(files, canary + "-note"), "The public control value should be in the files before the deletion, or the scan reads nothing.");

        var accepted = await DeleteAsync(api.Full, "/v1/users/u-canary");
        Assert.Equal("completed", (string?)(await WaitForJobAsync(api.Full, (string)accepted["job_id"]!))["status"]);

        Assert.False(RawFiles.Contain(Directory.GetFiles(server.DataDirectory), canary), "A value of the deleted person is still in the database files.");
    }
}
