using Microsoft.Extensions.Options;
using Waymark.Audit.Chain;
using Waymark.Backups.Archive;
using Waymark.Backups.Snapshots;
using Waymark.Storage;

namespace Waymark.Backups.Restoring;

/// <summary>
/// Puts a backup's database into a database of its own (a scratch one for a check, the target of a restore) and
/// checks it against the manifest: every table's rows, every audit-chain head, and every chain recomputed end to end.
/// </summary>
internal sealed class RestoredDatabase(SchemaMigrator migrator, PostgresTools postgresTools)
{
    /// <summary>Copies a SQLite backup into <paramref name="directory"/> as its <c>waymark.db</c> (through a temporary name, so a half-copied file is never the database).</summary>
    public static async Task PlaceSqliteAsync(string databaseFile, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, "waymark.db");
        var partial = target + ".restoring";
        await using (var source = new FileStream(databaseFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
        await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
        {
            await source.CopyToAsync(output, 1 << 20, cancellationToken);
            output.Flush(flushToDisk: true);
        }

        File.Move(partial, target, overwrite: true);
    }

    public Task RestorePostgresAsync(string dumpFile, string connectionString, CancellationToken cancellationToken) =>
        postgresTools.RestoreAsync(connectionString, dumpFile, cancellationToken);

    /// <summary>
    /// Where the database behind <paramref name="storage"/> differs from <paramref name="manifest"/>; empty when it
    /// matches exactly. <paramref name="thorough"/> runs SQLite's full <c>integrity_check</c> (a check's whole point,
    /// about 8 s per GB); a restore runs <c>quick_check</c>, as its file already matched the manifest's SHA-256.
    /// </summary>
    public async Task<IReadOnlyList<string>> CompareAsync(StorageOptions storage, BackupManifest manifest, bool thorough, CancellationToken cancellationToken)
    {
        using var database = new WaymarkDatabase(Options.Create(storage));
        var differences = new List<string>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            if (database.Provider == DatabaseProvider.Sqlite)
            {
                await using var check = connection.CreateCommand();
                check.CommandText = thorough ? "PRAGMA integrity_check" : "PRAGMA quick_check";
                if (await check.ExecuteScalarAsync(cancellationToken) is not "ok")
                {
                    differences.Add("SQLite's integrity check found damage in the restored database");
                }
            }

            var facts = await SnapshotFacts.ReadAsync(connection, null, database.Provider, migrator, cancellationToken);
            differences.AddRange(facts.DifferencesFrom(manifest));
        }

        var chains = await new AuditChainVerifier(database).VerifyAsync(null, null, null, cancellationToken);
        if (chains.Break is { } broken)
        {
            differences.Add($"audit chain {broken.WorkspaceId} is broken at seq {broken.Seq}: {broken.Problem}");
        }

        // Pooled connections would keep the checked file open after its folder is removed, or block replacing it.
        database.ClearPool();

        return differences;
    }
}
