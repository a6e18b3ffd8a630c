using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit.Tail;
using Waymark.TestSupport;

namespace Waymark.Audit.Tests.Tail;

/// <summary>Consumers of the audit stream see every entry once, from the moment they start, whichever process reads; run once per database.</summary>
public abstract class AuditTailTests(WaymarkTestServer server)
{
    [Fact]
    public async Task FirstRead_StartsAtTheEndOfEveryChain_ThenHandsOutEachNewEntryOnce()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 3, "test.before-start");
        var tail = server.Services.GetRequiredService<AuditTail>();
        var consumer = "test-" + Guid.NewGuid().ToString("N")[..8];

        var start = await tail.ReadAsync(consumer, 100);
        Assert.Empty(start.Entries);
        Assert.False(await tail.ClaimAsync(start));

        await server.RecordAsync(workspace, 5, "test.after-start");
        var (_, later) = await server.WorkspaceAsync();
        await server.RecordAsync(later, 2, "test.new-chain");

        var first = await tail.ReadAsync(consumer, 4);
        var second = await tail.ReadAsync(consumer, 4);
        Assert.Equal(4, first.Entries.Count);
        Assert.True(await tail.ClaimAsync(first));
        Assert.False(await tail.ClaimAsync(second));

        var seen = first.Entries.ToList();
        for (var batch = await tail.ReadAsync(consumer, 4); batch.Entries.Count > 0; batch = await tail.ReadAsync(consumer, 4))
        {
            Assert.True(await tail.ClaimAsync(batch));
            seen.AddRange(batch.Entries);
        }

        var ours = seen.Where(e => e.WorkspaceId == workspace && e.Action == "test.after-start").Select(e => e.Seq).ToList();
        Assert.Equal(5, ours.Count);
        Assert.Equal(ours.Order(), ours);
        Assert.DoesNotContain(seen, e => e.Action == "test.before-start");
        Assert.Equal(2, seen.Count(e => e.WorkspaceId == later && e.Action == "test.new-chain"));
        Assert.Equal(seen.Count, seen.Select(e => (e.WorkspaceId, e.Seq)).Distinct().Count());
    }
}

public sealed class SqliteAuditTailTests(SqliteServerFixture fixture) : AuditTailTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAuditTailTests(PostgresServerFixture fixture) : AuditTailTests(fixture.Server), IClassFixture<PostgresServerFixture>;
