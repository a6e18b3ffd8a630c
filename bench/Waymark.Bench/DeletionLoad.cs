using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Waymark.Bench;

internal sealed record DeletionLoadOptions(int Deletions, int Events, int BatchSize, string? DataDirectory, bool Json, ulong Seed);

/// <summary>
/// The two figures of a deletion, through the HTTP API of Waymark running in this process on SQLite. Acceptance: how
/// long <c>DELETE /v1/users/{id}</c> takes to answer, one deletion after another; the answer comes after the commit
/// that destroyed the person's data key. Purge: one person with <see cref="DeletionLoadOptions.Events"/> events,
/// deleted, timed by the purge job's own start and end and from the DELETE to the job's completion.
/// </summary>
internal static class DeletionLoad
{
    private const int PurgedUser = 1;

    public static async Task<int> RunAsync(DeletionLoadOptions options, CancellationToken cancellationToken)
    {
        await using var waymark = await InProcessWaymark.StartAsync(options.DataDirectory, new Dictionary<string, string?>(), cancellationToken);
        var rng = new XorShift(options.Seed);

        await waymark.SeedAsync(rng, options.Deletions, options.BatchSize, i => 100 + i, identifyPercent: 100, cancellationToken);
        var latencies = new double[options.Deletions];
        for (var i = 0; i < options.Deletions; i++)
        {
            using var request = waymark.ServerRequest(HttpMethod.Delete, "/v1/users/" + EventData.UserId(100 + i));
            var started = Stopwatch.GetTimestamp();
            using var response = await waymark.Client.SendAsync(request, cancellationToken);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"DELETE answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }

        Array.Sort(latencies);
        double P(double q) => latencies[(int)Math.Min(latencies.Length - 1, q * latencies.Length)];

        var seeding = Stopwatch.StartNew();
        await waymark.SeedAsync(rng, options.Events, options.BatchSize, _ => PurgedUser, identifyPercent: 0, cancellationToken);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {options.Events:N0} events of one user in {seeding.Elapsed.TotalSeconds:F1} s"));
        await WaitForIdleJobsAsync(waymark, cancellationToken);

        var deleted = Stopwatch.GetTimestamp();
        JsonObject accepted;
        using (var request = waymark.ServerRequest(HttpMethod.Delete, "/v1/users/" + EventData.UserId(PurgedUser)))
        using (var response = await waymark.Client.SendAsync(request, cancellationToken))
        {
            accepted = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        }

        var acceptMs = Stopwatch.GetElapsedTime(deleted).TotalMilliseconds;
        var job = await WaitForJobAsync(waymark, (string)accepted["job_id"]!, cancellationToken);
        var total = Stopwatch.GetElapsedTime(deleted).TotalSeconds;
        var purge = (double?)job["elapsed_time"] ?? double.NaN;
        Console.WriteLine(options.Json
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"mode\":\"deletion\",\"deletions\":{latencies.Length},\"acceptP50Ms\":{P(0.5):F2},\"acceptP95Ms\":{P(0.95):F2},\"acceptMaxMs\":{latencies[^1]:F2},\"purgeEvents\":{options.Events},\"purgeStatus\":\"{(string?)job["status"]}\",\"purgeAcceptMs\":{acceptMs:F1},\"purgeSeconds\":{purge:F2},\"deleteToCompletedSeconds\":{total:F2}}}")
            : string.Create(CultureInfo.InvariantCulture, $"acceptance: {latencies.Length:N0} single DELETEs one after another, DELETE to 202 (data key destroyed and committed): p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, max {latencies[^1]:F1} ms\npurge: one user with {options.Events:N0} events: DELETE answered in {acceptMs:F1} ms; job {(string?)job["status"]}, purge {purge:F2} s (job start to end), {total:F2} s from DELETE to completed"));
        return (string?)job["status"] == "completed" ? 0 : 1;
    }

    /// <summary>The acceptance deletions queued purge jobs; they finish before the purge is timed, so it runs alone.</summary>
    private static async Task WaitForIdleJobsAsync(InProcessWaymark waymark, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = waymark.ServerRequest(HttpMethod.Get, "/v1/background_jobs?limit=200");
            using var response = await waymark.Client.SendAsync(request, cancellationToken);
            var page = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
            if (!page["jobs"]!.AsArray().Any(j => (string?)j!["status"] is "queued" or "processing"))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<JsonObject> WaitForJobAsync(InProcessWaymark waymark, string jobId, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = waymark.ServerRequest(HttpMethod.Get, "/v1/background_jobs/" + jobId);
            using var response = await waymark.Client.SendAsync(request, cancellationToken);
            var job = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
            if ((string?)job["status"] is not ("queued" or "processing"))
            {
                return job;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
