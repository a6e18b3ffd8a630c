using Waymark.Audit.Chain;
using Waymark.TestSupport;

namespace Waymark.Audit.Tests.Chain;

/// <summary>Tampering with the stored log, the way someone with database access would, is named by the verifier; run once per database.</summary>
public abstract class ChainVerificationTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Verify_OnAnIntactLog_PassesAndCountsEveryEntry()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 5);

        var result = await server.VerifyAsync(workspace);

        Assert.Null(result.Break);
        Assert.Equal(1, result.Chains);
        Assert.Equal(await server.LastSeqAsync(workspace), result.Entries);
    }

    [Fact]
    public async Task Verify_WhenAnEntryWasEdited_NamesThatEntry()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 6);
        var edited = await server.LastSeqAsync(workspace) - 3;

        await server.ExecuteAsync("UPDATE audit_entries SET action = 'nothing.happened' WHERE workspace_id = @w AND seq = @s", ("@w", workspace), ("@s", edited));
        var result = await server.VerifyAsync(workspace);

        Assert.Equal(workspace, result.Break?.WorkspaceId);
        Assert.Equal(edited, result.Break?.Seq);
        Assert.Contains("does not match its hash", result.Break!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WhenMiddleEntryDeleted_NamesFirstBrokenEntry()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 6);
        var deleted = await server.LastSeqAsync(workspace) - 2;

        await server.ExecuteAsync("DELETE FROM audit_entries WHERE workspace_id = @w AND seq = @s", ("@w", workspace), ("@s", deleted));
        var result = await server.VerifyAsync(workspace);

        Assert.Equal(deleted, result.Break?.Seq);
        Assert.Contains("is missing", result.Break!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WhenTwoEntriesSwapSeq_NamesTheFirstOfThem()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 6);
        var first = await server.LastSeqAsync(workspace) - 3;

        await server.ExecuteAsync("UPDATE audit_entries SET seq = -1 WHERE workspace_id = @w AND seq = @s", ("@w", workspace), ("@s", first));
        await server.ExecuteAsync("UPDATE audit_entries SET seq = @s WHERE workspace_id = @w AND seq = @n", ("@w", workspace), ("@s", first), ("@n", first + 1));
        await server.ExecuteAsync("UPDATE audit_entries SET seq = @n WHERE workspace_id = @w AND seq = -1", ("@w", workspace), ("@n", first + 1));
        var result = await server.VerifyAsync(workspace);

        Assert.Equal(first, result.Break?.Seq);
    }

    [Fact]
    public async Task Verify_WhenAnEntryIsInsertedWithARecomputedHash_NamesTheEntryAfterIt()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 4);
        var last = await server.LastSeqAsync(workspace);

        // A forged entry, correctly linked and hashed, slotted in before the last one, which moves up by one.
        var previous = await server.HashAtAsync(workspace, last - 1);
        var forged = new AuditRecord(workspace, last, 1_800_000_000_000, "system", null, "forged.entry", null, null, "success", null, null, null, previous, []);
        forged = forged with { Hash = AuditHash.Compute(forged) };
        await server.ExecuteAsync("UPDATE audit_entries SET seq = seq + 1 WHERE workspace_id = @w AND seq = @s", ("@w", workspace), ("@s", last));
        await server.ExecuteAsync(
            """
            INSERT INTO audit_entries (workspace_id, seq, "time", actor_kind, action, outcome, prev_hash, hash)
            VALUES (@w, @s, @t, 'system', 'forged.entry', 'success', @p, @h)
            """,
            ("@w", workspace),
            ("@s", last),
            ("@t", forged.Time),
            ("@p", forged.PrevHash),
            ("@h", forged.Hash));
        await server.RealignHeadAsync(workspace);
        var result = await server.VerifyAsync(workspace);

        Assert.Equal(last + 1, result.Break?.Seq);
    }

    [Fact]
    public async Task Verify_WhenTheHeadRowDisagreesWithTheLastEntry_NamesTheMissingEntry()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 3);
        var last = await server.LastSeqAsync(workspace);

        await server.ExecuteAsync("DELETE FROM audit_entries WHERE workspace_id = @w AND seq = @s", ("@w", workspace), ("@s", last));
        var result = await server.VerifyAsync(workspace);

        Assert.Equal(last, result.Break?.Seq);
        Assert.Contains("head row", result.Break!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WhenTailTruncatedAfterExport_IsCaughtOnlyThanksToTheHeadsFile()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 6);
        var last = await server.LastSeqAsync(workspace);
        var exported = await server.ExportHeadsAsync();

        await server.ExecuteAsync("DELETE FROM audit_entries WHERE workspace_id = @w AND seq > @s", ("@w", workspace), ("@s", last - 2));
        await server.RealignHeadAsync(workspace);
        var withoutHeads = await server.VerifyAsync(workspace);
        var withHeads = await server.VerifyAsync(workspace, exported);

        Assert.Null(withoutHeads.Break);
        Assert.Equal(last - 1, withHeads.Break?.Seq);
        Assert.Contains("heads exported", withHeads.Break!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_WhenTheChainWasRebuiltAfterExport_NamesTheExportedEntry()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 3);
        var exported = await server.ExportHeadsAsync();
        var last = await server.LastSeqAsync(workspace);

        // Someone who deletes the chain's last entry and records a new one in its place gets a valid chain, but not the exported hash.
        await server.ExecuteAsync("DELETE FROM audit_entries WHERE workspace_id = @w AND seq = @s", ("@w", workspace), ("@s", last));
        await server.RealignHeadAsync(workspace);
        await server.RecordAsync(workspace, 1, "cover.up");
        var result = await server.VerifyAsync(workspace, exported);

        Assert.Equal(last, result.Break?.Seq);
        Assert.Contains("rewritten", result.Break!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterMoreEntriesThanTheExport_PassesAgainstTheHeadsFile()
    {
        var (_, workspace) = await server.WorkspaceAsync();
        await server.RecordAsync(workspace, 2);
        var exported = await server.ExportHeadsAsync();
        await server.RecordAsync(workspace, 2);

        var result = await server.VerifyAsync(workspace, exported);

        Assert.Null(result.Break);
    }
}

public sealed class SqliteChainVerificationTests(SqliteServerFixture fixture) : ChainVerificationTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresChainVerificationTests(PostgresServerFixture fixture) : ChainVerificationTests(fixture.Server), IClassFixture<PostgresServerFixture>;
