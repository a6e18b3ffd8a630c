using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit.Chain;
using Waymark.Storage;
using Waymark.TestSupport;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Audit.Tests;

/// <summary>Workspaces with recorded entries, and raw SQL against the audit tables the way someone tampering would use it.</summary>
internal static class AuditTestData
{
    public static async Task<(CreatedWorkspace Workspace, long Id)> WorkspaceAsync(this WaymarkTestServer server)
    {
        var workspace = await server.CreateWorkspaceAsync();
        var id = await server.Services.GetRequiredService<WorkspaceService>().FindIdAsync(workspace.WorkspaceId);
        return (workspace, id!.Value);
    }

    /// <summary>Records <paramref name="count"/> events one after another, so their seqs follow their order.</summary>
    public static async Task RecordAsync(this WaymarkTestServer server, long workspaceId, int count, string action = "test.recorded")
    {
        var log = server.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < count; i++)
        {
            await log.RecordAsync(new AuditEvent(workspaceId, action, AuditActor.Member("acct-" + i), AuditOutcome.Success, "thing", "t-" + i, "203.0.113.7", "req-" + i, new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }
    }

    public static Task<AuditVerification> VerifyAsync(this WaymarkTestServer server, long workspaceId, HeadsFile? heads = null) =>
        server.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync(workspaceId, heads, null, CancellationToken.None);

    public static async Task<long> LastSeqAsync(this WaymarkTestServer server, long workspaceId) =>
        (long)(await server.ScalarAsync("SELECT MAX(seq) FROM audit_entries WHERE workspace_id = @w", ("@w", workspaceId)))!;

    public static async Task<byte[]> HashAtAsync(this WaymarkTestServer server, long workspaceId, long seq)
    {
        await using var connection = await server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync();
        await using var command = Command(connection, "SELECT hash FROM audit_entries WHERE workspace_id = @w AND seq = @s", [("@w", workspaceId), ("@s", seq)]);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    public static async Task<int> ExecuteAsync(this WaymarkTestServer server, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(this WaymarkTestServer server, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync();
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value is long or null ? value : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Moves a chain's head row to its current last entry, as someone covering their tracks would.</summary>
    public static Task RealignHeadAsync(this WaymarkTestServer server, long workspaceId) =>
        server.ExecuteAsync(
            """
            UPDATE audit_heads SET
              seq = (SELECT MAX(seq) FROM audit_entries WHERE workspace_id = @w),
              hash = (SELECT hash FROM audit_entries WHERE workspace_id = @w ORDER BY seq DESC LIMIT 1)
            WHERE workspace_id = @w
            """,
            ("@w", workspaceId));

    public static async Task<HeadsFile> ExportHeadsAsync(this WaymarkTestServer server)
    {
        var heads = await server.Services.GetRequiredService<AuditChainVerifier>().ReadHeadsAsync(CancellationToken.None);
        return new HeadsFile(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), heads.Select(h => new ExportedHead("ws", h.WorkspaceId, h.Head.Seq, Convert.ToHexStringLower(h.Head.Hash))).ToList());
    }

    private static DbCommand Command(DbConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }
}
