using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Hosting;
using Waymark.Jobs.Schema;
using Waymark.TestSupport;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Jobs.Tests.Support;

/// <summary>A Waymark server with the test job handlers, and what the tests do with it: enqueue, and poll the jobs API.</summary>
public sealed class JobServer : IAsyncDisposable
{
    private JobServer(WaymarkTestServer server, JobRecorder recorder)
    {
        Server = server;
        Recorder = recorder;
    }

    public WaymarkTestServer Server { get; }

    public JobRecorder Recorder { get; }

    public IServiceProvider Services => Server.Services;

    public JobQueue Queue => Services.GetRequiredService<JobQueue>();

    public static async Task<JobServer> StartAsync(string provider, Role role = Role.All, TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var recorder = new JobRecorder();
        var server = await WaymarkTestServer.StartAsync(provider, configuration, role, clock, services =>
        {
            services.AddSingleton(recorder);
            services.AddSingleton<IJobHandler, RowsHandler>();
            services.AddSingleton<IJobHandler, ThrowingHandler>();
        });
        return new JobServer(server, recorder);
    }

    public Task<CreatedWorkspace> CreateWorkspaceAsync() => Server.CreateWorkspaceAsync("Jobs " + Guid.NewGuid().ToString("N")[..8]);

    public Task<string> EnqueueRowsAsync(CreatedWorkspace workspace, params byte[] rows) =>
        Queue.EnqueueAsync(workspace.InternalId, RowsHandler.JobType, rows, rows.Length);

    /// <summary>Stores a job row as given, in whatever state a test needs to start from (one left by a dead worker, say).</summary>
    internal async Task InsertAsync(JobRow row)
    {
        await using var db = Services.GetRequiredService<JobContexts>().Create();
        db.Jobs.Add(row);
        await db.SaveChangesAsync();
    }

    public static async Task<JsonObject> GetJobAsync(HttpClient client, string jobId)
    {
        using var response = await client.GetAsync($"/v1/background_jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Polls the job until <paramref name="done"/> holds; the guard only stops a hang, it asserts nothing about time.</summary>
    public static async Task<JsonObject> WaitForAsync(HttpClient client, string jobId, Func<JsonObject, bool> done)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        JsonObject job;
        while (!done(job = await GetJobAsync(client, jobId)))
        {
            Assert.False(guard.IsCancellationRequested, $"The job never reached the expected state; last seen: {job.ToJsonString()}");
            await Task.Delay(50);
        }

        return job;
    }

    public static Func<JsonObject, bool> StatusIs(string status) => job => (string?)job["status"] == status;

    public static Func<JsonObject, bool> Finished => job => (string?)job["status"] is "completed" or "partially_completed" or "failed";

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
