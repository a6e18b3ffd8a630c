using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Waymark.Ingest.Tests;

/// <summary>Following a data subject job through <c>GET /v1/background_jobs/{job_id}</c>, as a client does.</summary>
internal static class BackgroundJobs
{
    /// <summary>Polls the job until it has finished; the guard only stops a hang, it asserts nothing about time.</summary>
    public static async Task<JsonObject> WaitForJobAsync(HttpClient client, string jobId)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JsonObject>($"/v1/background_jobs/{jobId}"))!;
            if ((string?)job["status"] is "completed" or "partially_completed" or "failed")
            {
                return job;
            }

            Assert.False(guard.IsCancellationRequested, $"The job never finished; last seen: {job.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
