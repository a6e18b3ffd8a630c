using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Waymark.Backups.Tests.Age;
using Waymark.Backups.Tests.Support;
using Waymark.TestSupport;

namespace Waymark.Backups.Tests.Restoring;

/// <summary>
/// Backup files made outside Waymark: a Waymark backup decrypted by the stock <c>age</c>, unpacked and packed again
/// by the stock <c>tar</c>, and encrypted by the stock <c>age -r</c>, restores; the same with its database edited
/// behind the manifest is refused, even when the manifest's hash of the database is fixed up to match.
/// </summary>
public abstract class StockAgeArchiveTests(BackedUpSource source)
{
    [Fact]
    public async Task Restore_OfAFileThatStockAgeEncrypted_RestoresTheBackup()
    {
        var file = await RepackAsync(edit: null);
        var target = await source.NewTargetAsync();

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Restored backup {source.BackupId}", run.Output, StringComparison.Ordinal);
        await using var server = await target.StartServerAsync();
        using var api = new WorkspaceApi(server.BaseAddress, source.WriteKey, source.ServerKey);
        var user = await api.FindUserAsync("u2");
        Assert.NotNull(user);
        Assert.Equal(WorkspaceApi.EmailOf("u2"), (string?)user["traits"]!["email"]);
    }

    [Fact]
    public async Task Restore_OfAStockAgeFileWhoseTarListsTheDatabaseFirst_RestoresTheBackup()
    {
        var file = await RepackAsync(edit: null, databaseFirst: true);
        var target = await source.NewTargetAsync();

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Restored backup {source.BackupId}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_OfAnArchiveWhoseDatabaseWasEdited_IsRefusedByTheManifestHash()
    {
        var file = await RepackAsync(EditAuditEntryAsync, fixManifestHash: false);
        var target = await source.NewTargetAsync();

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, file);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("does not match its manifest", run.Errors, StringComparison.Ordinal);
        await RestoreRefusalTests.AssertEmptyAsync(target);
    }

    [Fact]
    public async Task Restore_OfAnArchiveWhoseAuditLogWasEditedAndItsHashFixedUp_IsRefusedByTheAuditChainCheck()
    {
        var file = await RepackAsync(EditAuditEntryAsync, fixManifestHash: true);
        var target = await source.NewTargetAsync();

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, file);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("differs from backup " + source.BackupId + "'s manifest", run.Errors, StringComparison.Ordinal);
        Assert.Contains("audit chain", run.Errors, StringComparison.Ordinal);
        await RestoreRefusalTests.AssertEmptyAsync(target);
    }

    [Fact]
    public async Task ForcedRestore_OfAnArchiveWhoseAuditLogWasEdited_IsRefusedAndPutsTheReplacedDatabaseBack()
    {
        var file = await RepackAsync(EditAuditEntryAsync, fixManifestHash: true);
        var target = await source.NewTargetAsync();
        await LiveInstallation.CreateWorkspaceAsync(target);
        var before = await WaymarkProcess.RunCliAsync(target.Command("workspace", "list", "--json"));

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, file, force: true);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("audit chain", run.Errors, StringComparison.Ordinal);
        Assert.Equal(before, await WaymarkProcess.RunCliAsync(target.Command("workspace", "list", "--json")));
    }

    [Fact]
    public async Task Restore_OfABackupMadeByANewerSchema_IsRefusedAndChangesNothing()
    {
        var file = await RepackAsync(edit: null, editManifest: m =>
        {
            var schema = m["schema"]!.AsObject();
            schema[schema.First().Key] = "29991231000000_FromTheFuture";
        });
        var target = await source.NewTargetAsync();

        var run = await LiveInstallation.RestoreAsync(source.Kit, target, file);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("was made by a newer Waymark", run.Errors, StringComparison.Ordinal);
        await RestoreRefusalTests.AssertEmptyAsync(target);
    }

    [Fact]
    public async Task Restore_IntoTheOtherDatabaseProvider_IsRefusedAndChangesNothing()
    {
        var other = await Installation.CreateAsync(source.Installation.Provider == "sqlite" ? "postgres" : "sqlite", source.Kit);
        other.CopyMasterKeyFrom(source.Installation);

        var run = await LiveInstallation.RestoreAsync(source.Kit, other, source.BackupId);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"is a {source.Installation.Provider} backup", run.Errors, StringComparison.Ordinal);
        await RestoreRefusalTests.AssertEmptyAsync(other);
    }

    /// <summary>
    /// Decrypts the source's backup with <c>age -d</c>, unpacks it with <c>tar -x</c>, lets <paramref name="edit"/>
    /// change the database file and <paramref name="editManifest"/> the manifest, packs it with <c>tar -c</c> (manifest first unless <paramref name="databaseFirst"/>, as <c>tar -c *</c> would) and encrypts it with <c>age -r</c>.
    /// </summary>
    private async Task<string> RepackAsync(Func<string, Task>? edit, bool fixManifestHash = false, Action<JsonObject>? editManifest = null, bool databaseFirst = false)
    {
        var work = source.Kit.NewDirectory("repack");
        var plain = Path.Combine(work, "backup.tar");
        await File.WriteAllBytesAsync(plain, await AgeCli.RunAsync("age", "-d", "-i", source.Kit.IdentityFile, source.Kit.LocalFile(source.BackupId)));
        var unpacked = Directory.CreateDirectory(Path.Combine(work, "unpacked")).FullName;
        await RunAsync("tar", "-x", "-f", plain, "-C", unpacked);
        var manifestPath = Path.Combine(unpacked, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(manifestPath))!.AsObject();
        var databaseName = (string)manifest["database_file"]!;
        var database = Path.Combine(unpacked, databaseName);
        if (edit is not null)
        {
            await edit(database);
            if (fixManifestHash)
            {
                manifest["database_sha256"] = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(database)));
                manifest["database_bytes"] = new FileInfo(database).Length;
                await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
            }
        }

        if (editManifest is not null)
        {
            editManifest(manifest);
            await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
        }

        var repacked = Path.Combine(work, "repacked.tar");
        string[] order = databaseFirst ? [databaseName, "manifest.json"] : ["manifest.json", databaseName];
        await RunAsync("tar", ["-c", "-f", repacked, "-C", unpacked, .. order]);
        var encrypted = Path.Combine(work, "by-stock-age.age");
        await AgeCli.RunAsync("age", "-r", source.Kit.Recipient, "-o", encrypted, repacked);
        return encrypted;
    }

    /// <summary>Renames the action of the first audit entry of one chain, leaving every row count as it was.</summary>
    private async Task EditAuditEntryAsync(string database)
    {
        const string Edit = "UPDATE audit_entries SET action = 'backup.restored' WHERE seq = 1 AND workspace_id = (SELECT MIN(workspace_id) FROM audit_entries)";
        if (source.Installation.Provider == "sqlite")
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = Edit;
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
            return;
        }

        var scratch = await PostgresServer.Instance.CreateDatabaseAsync();
        var name = new NpgsqlConnectionStringBuilder(scratch).Database!;
        var bin = Path.Combine("/usr/lib/postgresql", PostgresServer.Instance.Version, "bin");
        var libpq = $"host=127.0.0.1 port={PostgresServer.Instance.Port} user=postgres dbname={name}";
        await RunAsync(Path.Combine(bin, "pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--dbname=" + libpq, database);
        await using (var connection = new NpgsqlConnection(scratch))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = Edit;
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        NpgsqlConnection.ClearAllPools();
        File.Delete(database);
        await RunAsync(Path.Combine(bin, "pg_dump"), "--format=custom", "--compress=0", "--no-owner", "--no-privileges", "--file=" + database, "--dbname=" + libpq);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(guard.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}{await output}");
    }
}

public sealed class SqliteStockAgeArchiveTests(SqliteBackedUpSource source) : StockAgeArchiveTests(source), IClassFixture<SqliteBackedUpSource>;

public sealed class PostgresStockAgeArchiveTests(PostgresBackedUpSource source) : StockAgeArchiveTests(source), IClassFixture<PostgresBackedUpSource>;
