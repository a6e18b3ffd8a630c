using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit;
using Waymark.Backups.Running;
using Waymark.Backups.Tests.Support;
using Waymark.Backups.Verification;
using Waymark.Storage;
using Waymark.TestSupport;

namespace Waymark.Backups.Tests.Verification;

/// <summary>
/// A stored copy damaged after the backup: verification finds it, records it in the instance audit chain, and the
/// incident worker raises it as a critical incident.
/// </summary>
public abstract class DamagedCopyTests(BackupServers servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private WaymarkTestServer Server => servers.Server;

    [Fact]
    public async Task Verify_OfACopyWithOneByteFlipped_FailsIsAuditedAndOpensACriticalIncident()
    {
        var backupId = await BackUpLocallyAsync();
        var archive = servers.Kit.LocalFile(backupId);
        FlipOneByte(archive, new FileInfo(archive).Length / 2);

        var check = Assert.Single(await Server.Services.GetRequiredService<BackupVerifier>().VerifyAsync(backupId, BackupKit.LocalName, await servers.Kit.IdentitiesAsync(), null, CancellationToken.None));

        Assert.Equal(BackupStates.Failed, check.Outcome);
        Assert.Contains("damaged", check.Detail, StringComparison.Ordinal);
        var recorded = await Server.Services.GetRequiredService<BackupHistory>().FindAsync(backupId, CancellationToken.None);
        Assert.Equal(BackupStates.Failed, Assert.Single(recorded!.Checks).Outcome);
        var entry = await EventuallyAsync(() => FindAuditAsync(AuditActions.BackupVerificationFailed, backupId), "the backup.verification-failed audit entry");
        Assert.Equal(AuditOutcome.Failure, entry.Outcome);
        Assert.Equal(BackupKit.LocalName, entry.Details!["location"]);
        var severity = await EventuallyAsync(() => FindIncidentSeverityAsync(), "the backup incident");
        Assert.Equal("critical", severity);
    }

    [Fact]
    public async Task Verify_OfACopyDamagedWithItsIndexRewrittenToMatch_FailsAtDecryption()
    {
        var backupId = await BackUpLocallyAsync();
        var archive = servers.Kit.LocalFile(backupId);
        FlipOneByte(archive, new FileInfo(archive).Length - 100);
        var indexPath = servers.Kit.LocalFile(backupId, ".json");
        var index = JsonNode.Parse(await File.ReadAllBytesAsync(indexPath))!.AsObject();
        index["sha256"] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(archive)));
        await File.WriteAllTextAsync(indexPath, index.ToJsonString());

        var check = Assert.Single(await Server.Services.GetRequiredService<BackupVerifier>().VerifyAsync(backupId, BackupKit.LocalName, await servers.Kit.IdentitiesAsync(), null, CancellationToken.None));

        Assert.Equal(BackupStates.Failed, check.Outcome);
        Assert.DoesNotContain("SHA-256", check.Detail, StringComparison.Ordinal);
        await EventuallyAsync(() => FindAuditAsync(AuditActions.BackupVerificationFailed, backupId), "the backup.verification-failed audit entry");
    }

    [Fact]
    public async Task Verify_WithoutAnIdentity_OfAnIntactCopy_ReportsItIntactOnly()
    {
        var backupId = await BackUpLocallyAsync();

        var check = Assert.Single(await Server.Services.GetRequiredService<BackupVerifier>().VerifyAsync(backupId, BackupKit.LocalName, null, null, CancellationToken.None));

        Assert.Equal(BackupStates.Intact, check.Outcome);
        var entry = await EventuallyAsync(() => FindAuditAsync(AuditActions.BackupVerified, backupId), "the backup.verified audit entry");
        Assert.Equal(BackupStates.Intact, entry.Details!["outcome"]);
    }

    private async Task<string> BackUpLocallyAsync()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        using var api = new WorkspaceApi(Server.BaseAddress, workspace.WriteKey, workspace.ServerKey);
        await api.IdentifyAsync("u-checked");
        var outcome = await Server.Services.GetRequiredService<BackupRunner>().BackUpAsync(BackupStates.Cli, BackupKit.LocalName, null, CancellationToken.None);
        Assert.True(outcome.State == BackupStates.Succeeded, outcome.Error);
        return outcome.BackupId;
    }

    private static void FlipOneByte(string path, long position)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = position;
        var value = file.ReadByte();
        file.Position = position;
        file.WriteByte((byte)(value ^ 0x01));
    }

    private async Task<AuditEntryView?> FindAuditAsync(string action, string backupId)
    {
        var page = await Server.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: action, TargetId: backupId), null, 10);
        return page.Entries.Count > 0 ? page.Entries[0] : null;
    }

    /// <summary>The severity of the open instance incident the backup detector raised, read from its table (one per class's server).</summary>
    private async Task<string?> FindIncidentSeverityAsync()
    {
        await using var connection = await Server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT severity FROM incidents WHERE workspace_id = @w AND detector = 'backup-verification-failed' AND state = 'open'";
        command.AddParameter("@w", AuditEvent.InstanceChain);
        return await command.ExecuteScalarAsync() as string;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(waited.Elapsed < Patience, $"Waited {Patience.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s for {what}.");
            await Task.Delay(100);
        }
    }
}

public sealed class SqliteDamagedCopyTests(SqliteBackupServers servers) : DamagedCopyTests(servers), IClassFixture<SqliteBackupServers>;

public sealed class PostgresDamagedCopyTests(PostgresBackupServers servers) : DamagedCopyTests(servers), IClassFixture<PostgresBackupServers>;
