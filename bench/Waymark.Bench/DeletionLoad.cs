using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Waymark.Bench;

internal sealed record DeletionOptions(Uri Url, string WriteKey, string ServerKey, int Subjects, int Events, bool Json, ulong Seed);

/// <summary>
/// The two figures of a deletion, through the API of a running server. Acceptance: how long <c>DELETE /v1/users/{id}</c>
/// takes to answer, which is after the commit that destroyed the person's data key. Purge: one person with many events
/// (sent first with <c>/v1/batch</c>), deleted, and the job's own start-to-end time.
/// </summary>
internal static class DeletionLoad
{
    private const int BatchSize = 2_500;

    public static async Task<int> RunAcceptanceAsync(DeletionOptions options, CancellationToken cancellationToken)
    {
        using var write = Client(options.Url, "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.WriteKey + ":")));
        using var server = Client(options.Url, "Token", options.ServerKey);
        var rng = new XorShift(options.Seed);
        var now = TimeProvider.System.GetUtcNow();
        var run = rng.Next(100_000);
        for (var first = 0; first < options.Subjects; first += BatchSize)
        {
            var calls = Math.Min(BatchSize, options.Subjects - first);
            var offset = first;
            await PostAsync(write, EventData.Batch(rng, calls, i => SubjectOf(run, offset + i), 100, now), cancellationToken);
        }

        var latencies = new double[options.Subjects];
        for (var i = 0; i < options.Subjects; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await server.DeleteAsync("/v1/users/" + EventData.UserId(SubjectOf(run, i)), cancellationToken);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Console.Error.WriteLine($"DELETE answered {(int)response.StatusCode}");
                return 1;
            }
        }

        Array.Sort(latencies);
        double P(double q) => latencies[(int)Math.Min(latencies.Length - 1, q * latencies.Length)];
        Console.WriteLine(options.Json
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"mode\":\"delete-acceptance\",\"deletions\":{latencies.Length},\"p50Ms\":{P(0.5):F2},\"p95Ms\":{P(0.95):F2},\"maxMs\":{latencies[^1]:F2}}}")
            : string.Create(CultureInfo.InvariantCulture, $"delete-acceptance: {latencies.Length:N0} single DELETEs, one after another: p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, max {latencies[^1]:F1} ms"));
        return 0;
    }

    public static async Task<int> RunPurgeAsync(DeletionOptions options, CancellationToken cancellationToken)
    {
        using var write = Client(options.Url, "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.WriteKey + ":")));
        using var server = Client(options.Url, "Token", options.ServerKey);
        var rng = new XorShift(options.Seed);
        var user = 1 + rng.Next(900_000);
        var now = TimeProvider.System.GetUtcNow();
        var seeding = Stopwatch.GetTimestamp();
        var bodies = new List<byte[]>();
        for (var sent = 0; sent < options.Events; sent += BatchSize)
        {
            bodies.Add(EventData.Batch(rng, Math.Min(BatchSize, options.Events - sent), _ => user, 0, now));
        }

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < bodies.Count)
                {
                    await PostAsync(write, bodies[index], cancellationToken);
                }
            },
            cancellationToken)));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {options.Events:N0} events of one user in {Stopwatch.GetElapsedTime(seeding).TotalSeconds:F1} s"));

        var deleted = Stopwatch.GetTimestamp();
        using var response = await server.DeleteAsync("/v1/users/" + EventData.UserId(user), cancellationToken);
        var accepted = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        var acceptMs = Stopwatch.GetElapsedTime(deleted).TotalMilliseconds;
        var jobId = (string)accepted!["job_id"]!;
        JsonObject job;
        while ((string?)(job = (await server.GetFromJsonAsync<JsonObject>("/v1/background_jobs/" + jobId, cancellationToken))!)["status"] is "queued" or "processing")
        {
            await Task.Delay(20, cancellationToken);
        }

        var total = Stopwatch.GetElapsedTime(deleted).TotalSeconds;
        var purge = (double?)job["elapsed_time"] ?? double.NaN;
        Console.WriteLine(options.Json
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"mode\":\"purge\",\"events\":{options.Events},\"status\":\"{(string?)job["status"]}\",\"acceptMs\":{acceptMs:F1},\"purgeSeconds\":{purge:F2},\"deleteToCompletedSeconds\":{total:F2}}}")
            : string.Create(CultureInfo.InvariantCulture, $"purge: one user with {options.Events:N0} events: DELETE answered in {acceptMs:F1} ms; job {(string?)job["status"]}, purge {purge:F2} s (job start to end), {total:F2} s from DELETE to completed"));
        return (string?)job["status"] == "completed" ? 0 : 1;
    }

    /// <summary>Users of one run are numbered apart from other runs' so that repeated runs find no suppressed ids.</summary>
    private static int SubjectOf(int run, int index) => 1_000_000 + (run * 10_000) + index;

    private static HttpClient Client(Uri url, string scheme, string credential)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 8 }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, credential);
        return client;
    }

    private static async Task PostAsync(HttpClient client, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/v1/batch", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/v1/batch answered {(int)response.StatusCode}; start the server with a fresh data directory and check its log.");
        }
    }
}
