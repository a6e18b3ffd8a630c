using System.Formats.Tar;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Backups.Running;
using Waymark.Backups.Tests.Age;
using Waymark.Backups.Tests.Support;
using Waymark.Backups.Verification;
using Waymark.Storage;
using Waymark.TestSupport;

namespace Waymark.Backups.Tests.Running;

/// <summary>
/// <c>waymark backup</c> run as a real process beside a server that keeps ingesting: the snapshot is consistent, every
/// location gets it (or the failure is recorded while the others still get it), and the stock <c>age</c> decrypts it.
/// </summary>
public abstract partial class BackupRunTests(BackupServers servers)
{
    private WaymarkTestServer Server => servers.Server;

    [Fact]
    public async Task Backup_WhileIngestKeepsWriting_IsConsistentAtEveryLocationAndDecryptsWithStockAge()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        using var api = new WorkspaceApi(Server.BaseAddress, workspace.WriteKey, workspace.ServerKey);
        await api.IdentifyAsync("u-steady");
        using var stop = new CancellationTokenSource();
        var acknowledged = 0;
        var writer = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                try
                {
                    if (await api.TryTrackAsync("writer-" + (n % 25).ToString(CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N"), stop.Token))
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        });
        await WaitUntilAsync(() => Volatile.Read(ref acknowledged) >= 20);

        var eventsBefore = await CountAsync("events");
        var acknowledgedBefore = Volatile.Read(ref acknowledged);
        var run = await WaymarkProcess.RunCliAsync(BackupKit.AsEnvironment(servers.Kit.Settings(servers.Offsite, BackupServers.Bucket)), servers.Installation.Command("backup"));
        var acknowledgedDuring = Volatile.Read(ref acknowledged) - acknowledgedBefore;
        await stop.CancelAsync();
        await writer;
        var eventsAfter = await CountAsync("events");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("stored at local", run.Output, StringComparison.Ordinal);
        Assert.Contains("stored at offsite", run.Output, StringComparison.Ordinal);
        Assert.True(acknowledgedDuring > 0, "ingest did not keep writing while the backup ran");
        var backupId = BackupIdIn(run.Output, BackupStates.Succeeded);

        var checks = await Server.Services.GetRequiredService<BackupVerifier>().VerifyAsync(backupId, null, await servers.Kit.IdentitiesAsync(), null, CancellationToken.None);
        Assert.Equal(new[] { BackupKit.LocalName, BackupKit.OffsiteName }, checks.Select(c => c.Location).Order(StringComparer.Ordinal));
        Assert.All(checks, c => Assert.True(c.Outcome == BackupStates.Passed, $"{c.Location}: {c.Outcome} {c.Detail}"));

        var entries = await DecryptWithStockAgeAsync(servers.Kit.LocalFile(backupId));
        var manifest = JsonNode.Parse(entries["manifest.json"])!.AsObject();
        var databaseEntry = (string)manifest["database_file"]!;
        Assert.Equal(new[] { "manifest.json", databaseEntry }, entries.Keys);
        Assert.Equal(backupId, (string?)manifest["id"]);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(entries[databaseEntry])), (string?)manifest["database_sha256"]);
        var events = (long)manifest["row_counts"]!["events"]!;
        Assert.InRange(events, eventsBefore, eventsAfter);
        if (Server.Provider == "sqlite")
        {
            Assert.Equal(ManifestCounts(manifest), await CountTablesAsync(entries[databaseEntry]));
        }
        else
        {
            Assert.Equal("PGDMP"u8.ToArray(), entries[databaseEntry][..5]);
        }
    }

    [Fact]
    public async Task Backup_WhenOneLocationFails_IsPartial_TheOtherLocationHasIt_AndTheReasonIsRecorded()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        using var api = new WorkspaceApi(Server.BaseAddress, workspace.WriteKey, workspace.ServerKey);
        await api.IdentifyAsync("u-partial");
        var broken = servers.Kit.Settings(servers.Offsite, bucket: "no-such-bucket");

        var run = await WaymarkProcess.RunCliAsync(BackupKit.AsEnvironment(broken), servers.Installation.Command("backup"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("stored at local", run.Output, StringComparison.Ordinal);
        Assert.Contains("NOT stored at offsite", run.Output, StringComparison.Ordinal);
        var backupId = BackupIdIn(run.Output, BackupStates.Partial);
        Assert.True(File.Exists(servers.Kit.LocalFile(backupId)));
        Assert.True(File.Exists(servers.Kit.LocalFile(backupId, ".ledger.age")));
        Assert.True(File.Exists(servers.Kit.LocalFile(backupId, ".json")));
        var recorded = await Server.Services.GetRequiredService<BackupHistory>().FindAsync(backupId, CancellationToken.None);
        Assert.NotNull(recorded);
        Assert.Equal(BackupStates.Partial, recorded.State);
        Assert.Equal(BackupStates.Stored, Assert.Single(recorded.Copies, c => c.Location == BackupKit.LocalName).State);
        var failed = Assert.Single(recorded.Copies, c => c.Location == BackupKit.OffsiteName);
        Assert.Equal(BackupStates.Failed, failed.State);
        Assert.Contains("no-such-bucket", failed.Error, StringComparison.Ordinal);
        Assert.Contains("offsite", recorded.Error, StringComparison.Ordinal);

        var check = Assert.Single(await Server.Services.GetRequiredService<BackupVerifier>().VerifyAsync(backupId, BackupKit.LocalName, await servers.Kit.IdentitiesAsync(), null, CancellationToken.None));
        Assert.True(check.Outcome == BackupStates.Passed, check.Detail);
    }

    [Fact]
    public async Task Backup_WithOneLocationMisconfigured_StillStoresAtTheOthers_AndSaysWhatToSet()
    {
        var settings = servers.Kit.Settings(servers.Offsite, BackupServers.Bucket);
        settings.Remove($"Waymark:Backups:Locations:{BackupKit.OffsiteName}:Bucket");

        var run = await WaymarkProcess.RunCliAsync(BackupKit.AsEnvironment(settings), servers.Installation.Command("backup"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("stored at local", run.Output, StringComparison.Ordinal);
        Assert.Contains("NOT stored at offsite", run.Output, StringComparison.Ordinal);
        Assert.Contains("Waymark:Backups:Locations:offsite:Bucket", run.Output, StringComparison.Ordinal);
        var backupId = BackupIdIn(run.Output, BackupStates.Partial);
        Assert.True(File.Exists(servers.Kit.LocalFile(backupId, ".json")));
    }

    internal static string BackupIdIn(string output, string state)
    {
        var match = BackupLine().Match(output);
        Assert.True(match.Success, "no 'Backup wmb_… state' line in: " + output);
        Assert.Equal(state, match.Groups[2].Value);
        return match.Groups[1].Value;
    }

    /// <summary>Decrypts with <c>age -d -i IDENTITY</c> and reads the tar inside: each entry's name and bytes, in order.</summary>
    internal async Task<Dictionary<string, byte[]>> DecryptWithStockAgeAsync(string archive)
    {
        var tar = await AgeCli.RunAsync("age", "-d", "-i", servers.Kit.IdentityFile, archive);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        await using var reader = new TarReader(new MemoryStream(tar));
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            using var bytes = new MemoryStream();
            if (entry.DataStream is not null)
            {
                await entry.DataStream.CopyToAsync(bytes);
            }

            entries.Add(entry.Name, bytes.ToArray());
        }

        return entries;
    }

    private static SortedDictionary<string, long> ManifestCounts(JsonObject manifest) =>
        new(manifest["row_counts"]!.AsObject().ToDictionary(p => p.Key, p => (long)p.Value!), StringComparer.Ordinal);

    private static async Task<SortedDictionary<string, long>> CountTablesAsync(byte[] database)
    {
        var file = Path.Combine(Path.GetTempPath(), "waymark-backup-" + Guid.NewGuid().ToString("N") + ".sqlite");
        await File.WriteAllBytesAsync(file, database);
        try
        {
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                counts[table] = Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            }

            return counts;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(20, guard.Token);
        }
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await Server.Services.GetRequiredService<WaymarkDatabase>().OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Backup (wmb_\S+) (succeeded|partial|failed):")]
    private static partial Regex BackupLine();
}

public sealed class SqliteBackupRunTests(SqliteBackupServers servers) : BackupRunTests(servers), IClassFixture<SqliteBackupServers>;

public sealed class PostgresBackupRunTests(PostgresBackupServers servers) : BackupRunTests(servers), IClassFixture<PostgresBackupServers>;
