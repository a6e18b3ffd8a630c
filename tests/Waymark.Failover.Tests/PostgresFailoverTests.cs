using System.Globalization;
using System.Text;
using Npgsql;
using Waymark.Failover.Tests.Support;
using Xunit.Abstractions;

namespace Waymark.Failover.Tests;

/// <summary>
/// An ingest node on a PostgreSQL primary with a synchronous streaming standby, connected with a connection string
/// that lists both and asks for the primary: the primary dies under load, the standby is promoted, and Waymark must
/// carry on against it with every event it acknowledged before the failover present on the new primary.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class PostgresFailoverTests(ITestOutputHelper output)
{
    private const string Database = "waymark_failover";
    private const int Clients = 6;
    private const int BatchSize = 10;
    private const int MaxBatches = 5000;
    private const int EventsBeforeFailover = 1500;
    private const int EventsAfterPromotion = 1500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DetectionDelay = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task PrimaryLostUnderLoad_StandbyPromoted_IngestReconnectsAndKeepsEveryAcknowledgedEvent()
    {
        await using var cluster = await ReplicatedPostgres.StartAsync();
        await cluster.CreateDatabaseAsync(Database);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = $"127.0.0.1:{cluster.PrimaryPort},127.0.0.1:{cluster.StandbyPort}",
            Username = "postgres",
            Database = Database,
            TargetSessionAttributes = "primary",
            // Npgsql remembers which host is a standby for this long (default 10 s): a promoted standby is used only
            // once that memory expires, so it bounds the outage after the promotion. docs/high-availability.md.
            HostRecheckSeconds = 2,
        }.ConnectionString;
        await using var workspace = await FailoverWorkspace.CreateAsync(connectionString);
        await using var node = await workspace.StartIngestNodeAsync("ingest1");
        using var load = new LoadDriver(node.BaseAddress, workspace.WriteKey);
        using var stop = new CancellationTokenSource();

        // A client that got an error waits a moment before its next batch, as an SDK backs off, instead of spinning.
        var running = load.RunAsync(Clients, BatchSize, MaxBatches, pauseAfterFailure: TimeSpan.FromMilliseconds(100), stop.Token);
        await load.WaitForAcknowledgedAsync(EventsBeforeFailover, Budget);
        var failoverAt = load.Now;
        await cluster.StopPrimaryAsync();
        var primaryDownAt = load.Now;

        // A failover manager takes a while to notice (Patroni: up to ttl + loop_wait). Meanwhile Waymark finds the one
        // remaining host in recovery, not a primary, and must still switch to it once it is promoted.
        await Task.Delay(DetectionDelay);
        await cluster.PromoteStandbyAsync();
        var promotedAt = load.Now;
        var reconnected = true;
        try
        {
            await load.WaitForAcknowledgedAsync(EventsAfterPromotion, Budget, sentAfter: promotedAt);
        }
        catch (TimeoutException)
        {
            reconnected = false;
        }

        await stop.CancelAsync();
        await running.WaitAsync(Budget);

        var outcomes = load.Outcomes;
        var stored = await FailoverWorkspace.StoredProbesAsync(ReplicatedPostgres.ConnectionString(cluster.StandbyPort, Database));
        var acknowledged = outcomes.Where(o => o.Acknowledged).ToList();
        var acknowledgedBefore = acknowledged.Where(o => o.Answered <= failoverAt).SelectMany(o => o.MessageIds).ToList();
        var lost = acknowledged.SelectMany(o => o.MessageIds).Where(id => !stored.ContainsKey(id)).ToList();
        var lostBefore = acknowledgedBefore.Where(id => !stored.ContainsKey(id)).ToList();
        var duplicated = stored.Where(p => p.Value > 1).Select(p => p.Key).ToList();
        var lastBefore = acknowledged.Where(o => o.Answered <= failoverAt).Max(o => o.Answered);
        // Requests sent while pg_ctl was still stopping the primary may have been committed by it: the outage is timed
        // to the first acknowledgement of a request sent once the primary was certainly gone.
        var firstAfter = acknowledged.Where(o => o.Sent >= primaryDownAt).Select(o => o.Answered).DefaultIfEmpty(double.NaN).Min();
        var counted = outcomes.Where(o => !o.Status.StartsWith("cancelled", StringComparison.Ordinal)).ToList();
        var failed = counted.Count(o => !o.Acknowledged);

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{counted.Count} requests ({counted.Count * BatchSize} events) from {Clients} clients to one ingest node on Host=primary,standby;Target Session Attributes=primary")
            .AppendLine(CultureInfo.InvariantCulture, $"primary stopped (immediate) at {failoverAt:F2} s (pg_ctl took {(primaryDownAt - failoverAt) * 1000:F0} ms), standby promoted {DetectionDelay.TotalMilliseconds:F0} ms later, at {promotedAt:F2} s (pg_ctl promote took {(promotedAt - primaryDownAt - DetectionDelay.TotalSeconds) * 1000:F0} ms)")
            .AppendLine(CultureInfo.InvariantCulture, $"answers: {LoadDriver.Summary(outcomes)}; failed: {failed} of {counted.Count} = {100.0 * failed / counted.Count:F2} %")
            .AppendLine(CultureInfo.InvariantCulture, $"outage window: {(firstAfter - failoverAt) * 1000:F0} ms from the stop of the primary to the first acknowledgement of a request sent once it was down (last acknowledgement before the stop at {lastBefore:F2} s, first after it at {firstAfter:F2} s; the promotion was requested {(primaryDownAt - failoverAt + DetectionDelay.TotalSeconds) * 1000:F0} ms after the stop)")
            .AppendLine(CultureInfo.InvariantCulture, $"acknowledged events: {acknowledged.Sum(o => o.MessageIds.Count)} ({acknowledgedBefore.Count} before the failover, {acknowledged.Where(o => o.Sent >= promotedAt).Sum(o => o.MessageIds.Count)} sent after the promotion)")
            .AppendLine(CultureInfo.InvariantCulture, $"on the new primary: {stored.Values.Sum()} rows, {stored.Count} distinct; acknowledged but missing: {lost.Count} ({lostBefore.Count} of them acknowledged before the failover); stored twice: {duplicated.Count}");
        output.WriteLine(report.ToString());
        output.WriteLine("errors the ingest node logged (it keeps the most recent 32 KB of its log):\n" + node.ErrorSummary());

        Assert.True(reconnected, $"Waymark did not acknowledge {EventsAfterPromotion} events sent after the promotion within {Budget}:\n{report}\n--- ingest node ---\n{node.OutputTail}");
        Assert.True(lost.Count == 0, $"acknowledged events are missing on the new primary, e.g. {string.Join(", ", lost.Take(5))}:\n{report}");
        Assert.True(duplicated.Count == 0, $"events were stored more than once, e.g. {string.Join(", ", duplicated.Take(5))}:\n{report}");
        // While no primary exists every refusal must tell the client to retry (503), never look like a server bug (500).
        Assert.True(counted.All(o => o.Acknowledged || o.Status == "503"), $"requests refused during the failover must answer 503:\n{report}");
    }
}
