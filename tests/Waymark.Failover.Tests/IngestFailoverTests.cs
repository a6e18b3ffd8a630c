using System.Globalization;
using System.Text;
using Waymark.Failover.Tests.Support;
using Waymark.TestSupport;
using Xunit.Abstractions;

namespace Waymark.Failover.Tests;

/// <summary>
/// Stateless ingest nodes behind the shipped HAProxy configuration: one node is SIGKILLed in the middle of the load,
/// and no acknowledged event may be lost while almost every request still succeeds.
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class IngestFailoverTests(ITestOutputHelper output)
{
    private const int Clients = 8;
    private const int BatchSize = 10;
    private const int Batches = 600;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(100);

    [Fact]
    public async Task IngestNodeKilledUnderLoad_BehindHaproxy_KeepsEveryAcknowledgedEventAndFailsUnderOnePercent()
    {
        var database = await PostgresServer.Instance.CreateDatabaseAsync();
        await using var workspace = await FailoverWorkspace.CreateAsync(database);
        await using var victim = await workspace.StartIngestNodeAsync("ingest1");
        await using var survivor = await workspace.StartIngestNodeAsync("ingest2");
        await using var balancer = await LoadBalancer.StartAsync([victim, survivor], workspace.Directory);
        using var load = new LoadDriver(balancer.BaseAddress, workspace.WriteKey);

        var running = load.RunAsync(Clients, BatchSize, Batches, pauseAfterFailure: TimeSpan.Zero, CancellationToken.None);
        await load.WaitForAcknowledgedAsync(Batches * BatchSize / 3, Budget);
        var killedAt = load.Now;
        victim.Kill();
        await running.WaitAsync(Budget);

        var outcomes = load.Outcomes;
        var stored = await FailoverWorkspace.StoredProbesAsync(database);
        var acknowledged = outcomes.Where(o => o.Acknowledged).SelectMany(o => o.MessageIds).ToList();
        var lost = acknowledged.Where(id => !stored.ContainsKey(id)).ToList();
        var duplicated = stored.Where(p => p.Value > 1).Select(p => p.Key).ToList();
        var failed = outcomes.Where(o => !o.Acknowledged).ToList();
        var failedPercent = 100.0 * failed.Count / outcomes.Count;
        var afterKill = outcomes.Where(o => o.Sent >= killedAt).ToList();
        var inFlightAtKill = outcomes.Where(o => o.Sent < killedAt && o.Answered >= killedAt).ToList();
        var gap = LoadDriver.LongestWaitForAcknowledgement(outcomes, killedAt);
        var retried = balancer.RetriedRequests();

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{outcomes.Count} requests ({outcomes.Count * BatchSize} events) from {Clients} clients through haproxy to 2 ingest nodes; ingest1 SIGKILLed at {killedAt:F2} s")
            .AppendLine(CultureInfo.InvariantCulture, $"answers: {LoadDriver.Summary(outcomes)}")
            .AppendLine(CultureInfo.InvariantCulture, $"failed requests: {failed.Count} of {outcomes.Count} = {failedPercent:F2} %")
            .AppendLine(CultureInfo.InvariantCulture, $"acknowledged events: {acknowledged.Count}; stored: {stored.Values.Sum()} rows, {stored.Count} distinct; acknowledged but lost: {lost.Count}; stored twice: {duplicated.Count}")
            .AppendLine(CultureInfo.InvariantCulture, $"in flight at the kill: {inFlightAtKill.Count} requests, {inFlightAtKill.Count(o => o.Acknowledged)} of them acknowledged, the slowest after {(inFlightAtKill.Count == 0 ? 0 : inFlightAtKill.Max(o => o.Answered - o.Sent)) * 1000:F0} ms")
            .AppendLine(CultureInfo.InvariantCulture, $"requests haproxy retried on the other node: {retried.Count}{string.Concat(retried.Take(10).Select(line => "\n  " + line))}")
            .AppendLine(CultureInfo.InvariantCulture, $"failover gap: the longest wait for an acknowledgement after the kill was {gap.Seconds * 1000:F0} ms (from {gap.Start:F2} s); {afterKill.Count} requests were sent after the kill")
            .AppendLine(CultureInfo.InvariantCulture, $"slowest request overall: {outcomes.Max(o => o.Answered - o.Sent) * 1000:F0} ms");
        output.WriteLine(report.ToString());

        Assert.True(afterKill.Count >= Batches / 3, $"the kill did not land mid-load:\n{report}");
        Assert.True(lost.Count == 0, $"acknowledged events were lost, e.g. {string.Join(", ", lost.Take(5))}:\n{report}\n--- ingest2 ---\n{survivor.OutputTail}");
        Assert.True(duplicated.Count == 0, $"events were stored more than once, e.g. {string.Join(", ", duplicated.Take(5))}:\n{report}");
        Assert.True(failedPercent < 1.0, $"{failedPercent:F2} % of requests failed:\n{report}\n--- haproxy ---\n{balancer.Output}");
    }
}
