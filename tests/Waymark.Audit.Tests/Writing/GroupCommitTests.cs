using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Hosting;
using Waymark.TestSupport;

namespace Waymark.Audit.Tests.Writing;

/// <summary>Concurrent appends, from one process and from several, leave one unbroken chain per workspace; run once per database.</summary>
public abstract class GroupCommitTests(WaymarkTestServer server)
{
    [Fact]
    public async Task RecordAsync_FromManyTasksAtOnce_AppendsOneUnbrokenChainPerWorkspace()
    {
        var (_, first) = await server.WorkspaceAsync();
        var (_, second) = await server.WorkspaceAsync();
        var before = await server.LastSeqAsync(first) + await server.LastSeqAsync(second);
        var log = server.Services.GetRequiredService<IAuditLog>();

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() =>
            log.RecordAsync(new AuditEvent(i % 2 == 0 ? first : second, "test.concurrent", AuditActor.Member("acct-" + i), AuditOutcome.Success, "thing", i.ToString(CultureInfo.InvariantCulture))))));

        var firstResult = await server.VerifyAsync(first);
        var secondResult = await server.VerifyAsync(second);
        Assert.Null(firstResult.Break);
        Assert.Null(secondResult.Break);
        Assert.Equal(before + 400, firstResult.Entries + secondResult.Entries);
        var targets = await server.Services.GetRequiredService<AuditQuery>().StreamAsync(first, new AuditFilter(Action: "test.concurrent")).Select(e => e.TargetId).ToListAsync();
        Assert.Equal(200, targets.Distinct().Count());
    }

    [Fact]
    public async Task RecordAsync_FromSeveralProcessesOnOneDatabase_NeverForksAChain()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        var before = await server.LastSeqAsync(workspace);

        // Two more hosts over the same database, each with its own writer and connections, as a CLI command or another node would be.
        await using var nodeA = OtherNode();
        await using var nodeB = OtherNode();
        var logs = new[] { server.Services, nodeA.Services, nodeB.Services }.Select(s => s.GetRequiredService<IAuditLog>()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() =>
            logs[i % logs.Length].RecordAsync(new AuditEvent(workspace, "test.multi-node", AuditActor.System, AuditOutcome.Success, "node", (i % logs.Length).ToString(CultureInfo.InvariantCulture))))));

        var result = await server.VerifyAsync(workspace);
        Assert.Null(result.Break);
        Assert.Equal(before + 300, result.Entries);
    }

    [Fact]
    public async Task RecordAsync_WithAnInvalidEvent_IsRefusedBeforeItIsQueued()
    {
        var log = server.Services.GetRequiredService<IAuditLog>();

        await Assert.ThrowsAsync<ArgumentException>(() => log.RecordAsync(new AuditEvent(0, "", AuditActor.System, AuditOutcome.Success)));
        await Assert.ThrowsAsync<ArgumentException>(() => log.RecordAsync(new AuditEvent(0, "test.long", AuditActor.System, AuditOutcome.Success, TargetId: new string('x', 201))));
        await Assert.ThrowsAsync<ArgumentException>(() => log.RecordAsync(new AuditEvent(0, "test.surrogate", AuditActor.Member("a\uD800"), AuditOutcome.Success)));
    }

    private WebApplication OtherNode() => WaymarkApplication.Build(new ServeSettings
    {
        DataDirectory = server.DataDirectory,
        Database = server.Database,
        Urls = "http://127.0.0.1:0",
    });
}

public sealed class SqliteGroupCommitTests(SqliteServerFixture fixture) : GroupCommitTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresGroupCommitTests(PostgresServerFixture fixture) : GroupCommitTests(fixture.Server), IClassFixture<PostgresServerFixture>;
