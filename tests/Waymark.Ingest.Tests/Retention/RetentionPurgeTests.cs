using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Ingest.Retention;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Retention;

/// <summary>
/// The daily purge, end to end: a worker (checking every second here) claims the workspace's run, queues a
/// <c>retention_purge</c> job that deletes the events older than the retention and keeps the rest, and claims the
/// workspace again only a day later.
/// </summary>
public abstract class RetentionPurgeTests(string provider) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly MovableClock _clock = new();
    private WaymarkTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await WaymarkTestServer.StartAsync(provider, new Dictionary<string, string?> { ["Waymark:Retention:CheckInterval"] = "00:00:01" }, clock: _clock);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Purge_DeletesEventsOlderThanTheRetention_AndTheirRollups_KeepsRecentOnes_AndRunsOnceADay()
    {
        var api = await CreateAsync(_server);
        var now = _clock.GetUtcNow();
        await api.SendAsync("/v1/identify", new { userId = "u-ret", traits = new { email = "r@example.test" } });
        foreach (var daysAgo in new[] { 400, 100, 31 })
        {
            await api.SendAsync("/v1/track", new { userId = "u-ret", @event = "Old " + daysAgo, timestamp = Iso(now.AddDays(-daysAgo)) });
        }

        foreach (var daysAgo in new[] { 27, 1 })
        {
            await api.SendAsync("/v1/track", new { userId = "u-ret", @event = "Recent " + daysAgo, timestamp = Iso(now.AddDays(-daysAgo)) });
        }

        foreach (var daysAgo in new[] { 40, 2 })
        {
            var answer = new Dictionary<string, object> { ["$content_id"] = "srv_retained", ["$question_id"] = "q1", ["$score"] = 9 };
            await api.SendAsync("/v1/track", new { userId = "u-ret", @event = "$survey_answered", properties = answer, timestamp = Iso(now.AddDays(-daysAgo)) });
        }

        // Active only before the cutoff, which most likely shares its week and month with the cutoff's day: the
        // weeks and months kept must come from the days kept, not from what those periods held before.
        foreach (var daysAgo in new[] { 32, 31 })
        {
            await api.SendAsync("/v1/track", new { userId = "u-gone", @event = "Old " + daysAgo, timestamp = Iso(now.AddDays(-daysAgo)) });
        }

        Assert.Equal(9, await api.CountRowsAsync("event_counts"));
        Assert.Equal(9, await api.CountRowsAsync("activity_days"));
        Assert.Equal(Periods(now, [400, 100, 31, 27, 1, 40, 2]) + Periods(now, [32, 31]), await api.CountRowsAsync("activity_periods"));
        Assert.Equal(2, await api.CountRowsAsync("survey_answers"));
        Assert.Equal(HttpStatusCode.OK, (await api.Full.PutAsync("/v1/retention", Json(new { event_retention_days = 30 }))).StatusCode);

        var job = await WaitForCompletedJobsAsync(api, 1);
        Assert.Equal(3, await api.CountRowsAsync("event_counts"));
        Assert.Equal(3, await api.CountRowsAsync("activity_days"));
        Assert.Equal(Periods(now, [27, 1, 2]), await api.CountRowsAsync("activity_periods"));
        Assert.Equal(1, await api.CountRowsAsync("survey_answers"));
        Assert.Equal(6, (long)job["total_rows"]!);
        Assert.Equal(6, (long)job["completed_rows"]!);
        var names = (await GetJsonAsync(api.Full, "/v1/users/u-ret/events"))["events"]!.AsArray()
            .Select(e => (string?)e!["event"]).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["$survey_answered", "Recent 1", "Recent 27"], names);
        Assert.Equal("r@example.test", (string?)(await GetJsonAsync(api.Full, "/v1/users/u-ret"))["traits"]!["email"]);
        var purged = Assert.Single(await api.AuditAsync("data.retention-purged"));
        Assert.Equal("6", (string?)purged["details"]!["events"]);
        Assert.NotNull((await GetJsonAsync(api.Full, "/v1/retention"))["last_purge_at"]);

        Assert.Equal(0, await _server.Services.GetRequiredService<RetentionScheduler>().RunOnceAsync(CancellationToken.None));
        Assert.Single(await PurgeJobsAsync(api));

        // A day later the workspace is due again; the recent events, now 2 and 28 days old, are still kept.
        _clock.Advance(TimeSpan.FromHours(25));
        var second = await WaitForCompletedJobsAsync(api, 2);
        Assert.Equal(0, (long)second["completed_rows"]!);
        Assert.Equal(2, (await GetJsonAsync(api.Full, "/v1/users/u-ret/events"))["events"]!.AsArray().Count(e => ((string?)e!["event"])?.StartsWith("Recent", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Purge_ForAWorkspaceWithoutRetention_NeverRuns()
    {
        var kept = await CreateAsync(_server);
        await kept.SendAsync("/v1/track", new { userId = "u-keep", @event = "Ancient", timestamp = Iso(_clock.GetUtcNow().AddDays(-3000)) });
        var other = await CreateAsync(_server);
        Assert.Equal(HttpStatusCode.OK, (await other.Full.PutAsync("/v1/retention", Json(new { event_retention_days = 1 }))).StatusCode);

        await WaitForCompletedJobsAsync(other, 1);

        Assert.Empty(await PurgeJobsAsync(kept));
        Assert.Single((await GetJsonAsync(kept.Full, "/v1/users/u-keep/events"))["events"]!.AsArray());
    }

    /// <summary>Waits (bounded) until the workspace has <paramref name="count"/> purge jobs, all completed; answers the newest.</summary>
    private static async Task<JsonObject> WaitForCompletedJobsAsync(WorkspaceClient api, int count)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var jobs = await PurgeJobsAsync(api);
            if (jobs.Count == count && jobs.All(j => (string?)j["status"] == "completed"))
            {
                return jobs[0];
            }

            Assert.True(waited.Elapsed < Patience, $"Expected {count} completed retention_purge job(s) within {Patience}; have: {string.Join(", ", jobs.Select(j => j.ToJsonString()))}");
            await Task.Delay(200);
        }
    }

    private static async Task<List<JsonObject>> PurgeJobsAsync(WorkspaceClient api) =>
        (await GetJsonAsync(api.Full, "/v1/background_jobs"))["jobs"]!.AsArray()
            .Select(j => j!.AsObject()).Where(j => (string?)j["type"] == RetentionPurgeHandler.JobType).ToList();

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The distinct Monday-first weeks plus calendar months of one user's active days, counted from dates.</summary>
    private static long Periods(DateTimeOffset now, int[] daysAgo)
    {
        var dates = daysAgo.Select(d => DateOnly.FromDateTime(now.AddDays(-d).UtcDateTime)).ToList();
        var weeks = dates.Select(d => d.AddDays(-(((int)d.DayOfWeek + 6) % 7))).Distinct().Count();
        var months = dates.Select(d => (d.Year, d.Month)).Distinct().Count();
        return weeks + months;
    }
}

public sealed class SqliteRetentionPurgeTests() : RetentionPurgeTests("sqlite");

public sealed class PostgresRetentionPurgeTests() : RetentionPurgeTests("postgres");
