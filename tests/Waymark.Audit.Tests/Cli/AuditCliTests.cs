using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Waymark.TestSupport;

namespace Waymark.Audit.Tests.Cli;

/// <summary><c>waymark audit verify</c> and <c>export-head</c> run as the real binary beside a running server; run once per database.</summary>
public abstract class AuditCliTests(string provider)
{
    [Fact]
    public async Task VerifyCommand_OnAnIntactLog_ExitsZeroWithASummary()
    {
        await using var server = await WaymarkTestServer.StartAsync(provider);
        var (_, id) = await server.WorkspaceAsync();
        await server.RecordAsync(id, 3);

        var output = await WaymarkProcess.RunCliAsync(Args(server, "audit", "verify"));

        Assert.Matches(@"Audit log intact: \d+ chains, \d+ entries verified\.", output);
        Assert.Contains("No heads file", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCommand_PrintsAChainNewestFirst_IncludingTheInstanceChain()
    {
        await using var server = await WaymarkTestServer.StartAsync(provider);
        var (workspace, id) = await server.WorkspaceAsync();
        await server.RecordAsync(id, 3);
        await server.Services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(AuditEvent.InstanceChain, AuditActions.SignInFailed, AuditActor.Anonymous, AuditOutcome.Failure));

        var workspaceLines = (await WaymarkProcess.RunCliAsync(Args(server, "audit", "list", "--workspace", workspace.WorkspaceId, "--json")))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var instance = await WaymarkProcess.RunCliAsync(Args(server, "audit", "list", "--workspace", "instance", "--action", AuditActions.SignInFailed));

        var seqs = workspaceLines.Select(e => e.GetProperty("seq").GetInt64()).ToList();
        Assert.True(seqs.Count >= 3);
        Assert.Equal(seqs.OrderDescending(), seqs);
        Assert.Contains(AuditActions.SignInFailed, instance, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyCommand_OnAnEditedEntry_ExitsOneAndNamesIt()
    {
        await using var server = await WaymarkTestServer.StartAsync(provider);
        var (workspace, id) = await server.WorkspaceAsync();
        await server.RecordAsync(id, 4);
        var edited = await server.LastSeqAsync(id) - 1;
        await server.ExecuteAsync("UPDATE audit_entries SET target_id = 'someone-else' WHERE workspace_id = @w AND seq = @s", ("@w", id), ("@s", edited));

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync(Args(server, "audit", "verify", "--workspace", workspace.WorkspaceId)));

        Assert.Contains("exited with code 1", failed.Message, StringComparison.Ordinal);
        Assert.Contains($"workspace {workspace.WorkspaceId} (id {id}), seq {edited}: the entry does not match its hash", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportHead_ThenTruncation_VerifyCommandNamesTheFirstMissingEntry_AndExportRefusesToOverwrite()
    {
        await using var server = await WaymarkTestServer.StartAsync(provider);
        var (workspace, id) = await server.WorkspaceAsync();
        await server.RecordAsync(id, 5);
        var last = await server.LastSeqAsync(id);
        var copy = Path.Combine(server.DataDirectory, "elsewhere", "heads.json");

        var exported = await WaymarkProcess.RunCliAsync(Args(server, "audit", "export-head", "--out", copy));
        var heads = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "audit-heads.json"))).RootElement;
        await server.ExecuteAsync("DELETE FROM audit_entries WHERE workspace_id = @w AND seq > @s", ("@w", id), ("@s", last - 2));
        await server.RealignHeadAsync(id);
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync(Args(server, "audit", "verify", "--heads", copy)));
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync(Args(server, "audit", "export-head")));

        Assert.Contains("audit-heads.json", exported, StringComparison.Ordinal);
        Assert.True(File.Exists(copy));
        Assert.Equal(["exportedAt", "heads"], heads.EnumerateObject().Select(p => p.Name).ToArray());
        var head = heads.GetProperty("heads").EnumerateArray().Single(h => h.GetProperty("workspaceId").GetInt64() == id);
        Assert.Equal(["workspace", "workspaceId", "seq", "hash"], head.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(workspace.WorkspaceId, head.GetProperty("workspace").GetString());
        Assert.Equal(last, head.GetProperty("seq").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", head.GetProperty("hash").GetString());
        Assert.Contains($"seq {last - 1}: the entry is missing", failed.Message, StringComparison.Ordinal);
        Assert.Contains("Not overwriting", refused.Message, StringComparison.Ordinal);
    }

    private static string[] Args(WaymarkTestServer server, params string[] command) =>
        server.Database is null ? [.. command, "--data", server.DataDirectory] : [.. command, "--data", server.DataDirectory, "--database", server.Database];
}

public sealed class SqliteAuditCliTests() : AuditCliTests("sqlite");

public sealed class PostgresAuditCliTests() : AuditCliTests("postgres");
