using System.Globalization;
using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Backups.Age;
using Waymark.Backups.Archive;
using Waymark.Backups.Locations;
using Waymark.Backups.Running;
using Waymark.Backups.Snapshots;
using Waymark.Crypto.MasterKeys;
using Waymark.Ingest.Deletion;
using Waymark.Storage;
using Waymark.Workspaces.Callers;

namespace Waymark.Backups.Restoring;

/// <summary>
/// Restores a backup into the configured database. In order: the backup is fetched and checked against its index,
/// decrypted and checked against its manifest; refused if it is for the other provider, from a newer schema, or sealed
/// under a different master key; refused if the target already holds data, unless forced (then the old database is kept
/// aside, not deleted); put in place and compared with the manifest (rows, audit-chain heads, chains recomputed);
/// migrated to this version; and finally the deletion ledgers of the replaced database and of every newer backup are
/// replayed, so no one deleted after the backup was taken comes back.
/// </summary>
internal sealed class BackupRestore(
    WaymarkDatabase database,
    IOptions<StorageOptions> storage,
    IOptions<BackupOptions> options,
    SchemaMigrator migrator,
    MasterKey masterKey,
    BackupLocations locations,
    RestoredDatabase restored,
    DeletionLedger ledger,
    IAuditLog audit,
    TimeProvider clock)
{
    /// <param name="request">Which backup, from where, with which identities, and whether a database holding data may be replaced.</param>
    /// <param name="databaseReady">Called once the restored database is in place and migrated, before the ledger replay: the CLI starts its
    /// host's background services (the audit writer among them) only then, as they read the database when they start.</param>
    /// <param name="progress">Receives each phase and, while bytes move, how many.</param>
    /// <param name="cancellationToken">Stops the restore; a database already put in place stays, and the old one stays kept aside.</param>
    public async Task<RestoreOutcome> RestoreAsync(RestoreRequest request, Func<Task> databaseReady, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        using var scratch = ScratchSpace.Create(options, "restore");
        var (archive, sourceLocation) = await FetchAsync(request, scratch, progress, cancellationToken);

        progress?.Report(new BackupProgress("decrypting", 0, new FileInfo(archive).Length));
        var extracted = Directory.CreateDirectory(scratch.File("extracted")).FullName;
        BackupManifest manifest;
        string databaseFile;
        await using (var input = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var length = input.Length;
            (manifest, databaseFile) = await BackupArchive.ReadAsync(input, request.Identities, extracted, done => progress?.Report(new BackupProgress("decrypting", Math.Min(done, length), length)), cancellationToken);
        }

        File.Delete(archive);
        Refuse(manifest);

        var warnings = new List<string>();
        var sources = new List<string>();
        var entries = new List<DeletionLedgerEntry>();
        progress?.Report(new BackupProgress("reading newer deletion ledgers", 0, 0));
        entries.AddRange(await ReadNewerLedgersAsync(manifest, request.Identities, sources, warnings, cancellationToken));

        progress?.Report(new BackupProgress("putting the database in place", 0, 0));
        var previous = await ReadTargetLedgerAsync(request.Force, cancellationToken);
        if (previous is not null)
        {
            entries.AddRange(previous);
            sources.Add("the replaced database");
        }

        var kept = await PlaceAsync(databaseFile, previous is not null, cancellationToken);
        var keptAs = kept is null ? null : database.Provider == DatabaseProvider.Sqlite ? kept : $"schema {kept}";

        progress?.Report(new BackupProgress("comparing with the manifest", 0, 0));
        var differences = await restored.CompareAsync(storage.Value, manifest, thorough: false, cancellationToken);
        if (differences.Count > 0)
        {
            // A refused restore changes nothing: left in place, the unverified database is what the next start would serve.
            await PutBackAsync(kept, CancellationToken.None);
            throw new BackupException(
                $"The restored database differs from backup {manifest.Id}'s manifest: {string.Join("; ", differences.Take(5))}. It was removed"
                + (kept is null ? "" : " and the previous database put back")
                + "; restore another backup or another location's copy.");
        }

        progress?.Report(new BackupProgress("migrating to this version", 0, 0));
        await migrator.MigrateAsync(cancellationToken);
        await databaseReady();

        progress?.Report(new BackupProgress("replaying the deletion ledger", 0, entries.Count));
        var replay = await ledger.ReplayAsync(entries, Caller.Operator(), cancellationToken);
        await audit.RecordAsync(
            new AuditEvent(
                AuditEvent.InstanceChain,
                AuditActions.BackupRestored,
                AuditActor.System,
                AuditOutcome.Success,
                "backup",
                manifest.Id,
                Details: new Dictionary<string, string>
                {
                    ["from"] = sourceLocation ?? "file",
                    ["replayed_deletions"] = replay.Replayed.ToString(CultureInfo.InvariantCulture),
                    ["ledger_sources"] = sources.Count.ToString(CultureInfo.InvariantCulture),
                }),
            CancellationToken.None);
        return new RestoreOutcome(
            manifest.Id, manifest.CreatedAt, manifest.TotalRows, manifest.AuditHeads.Count, keptAs, replay.Replayed, replay.Skipped, replay.PurgeJobs, sources, warnings);
    }

    private async Task<(string File, string? Location)> FetchAsync(RestoreRequest request, ScratchSpace scratch, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        if (!BackupKeys.IsId(request.Backup))
        {
            return File.Exists(request.Backup)
                ? (Path.GetFullPath(request.Backup), null)
                : throw new BackupException($"'{request.Backup}' is neither a backup id (wmb_…, see 'waymark backup list') nor a backup file.");
        }

        var failures = new List<string>();
        foreach (var location in locations.Select(request.FromLocation))
        {
            try
            {
                var index = await BackupCatalog.ReadIndexAsync(location, request.Backup, cancellationToken);
                var file = scratch.File(request.Backup + ".age");
                await Download.CheckedAsync(location, BackupKeys.Archive(request.Backup), file, index.Size, index.Sha256, progress, $"downloading from {location.Name}", cancellationToken);
                return (file, location.Name);
            }
            catch (Exception e) when (e is BackupException or BackupLocationException)
            {
                failures.Add($"{location.Name}: {e.Message}");
            }
        }

        throw new BackupException($"Could not fetch backup {request.Backup} from any location. {string.Join(" ", failures)}");
    }

    private void Refuse(BackupManifest manifest)
    {
        var expected = database.Provider == DatabaseProvider.Sqlite ? DatabaseSnapshot.Sqlite : DatabaseSnapshot.Postgres;
        if (manifest.Provider != expected)
        {
            throw new BackupException(
                $"Backup {manifest.Id} is a {manifest.Provider} backup and the target is {expected}. Restore it into a {manifest.Provider} target ("
                + (manifest.Provider == DatabaseSnapshot.Sqlite ? "--data DIR" : "--database \"Host=…;Database=…\"") + ").");
        }

        foreach (var (feature, migration) in manifest.Schema)
        {
            if (migration is not null && !migrator.Knows(feature, migration))
            {
                throw new BackupException($"Backup {manifest.Id} was made by a newer Waymark ({manifest.WaymarkVersion}; schema {feature} at {migration}). Restore it with that version or newer.");
            }
        }

        if (!masterKey.Exists)
        {
            throw new BackupException(
                $"There is no master key at {masterKey.KeyFile}. Backups never contain it: copy the master key file of the installation the backup came from there (or set Waymark:MasterKey), then run the restore again.");
        }

        if (masterKey.Fingerprint != manifest.MasterKeyFingerprint)
        {
            throw new BackupException(
                $"The master key at {masterKey.KeyFile} (fingerprint {masterKey.Fingerprint}) is not the one backup {manifest.Id} was sealed under ({manifest.MasterKeyFingerprint}). Use the original installation's master key: without it the restored data cannot be read.");
        }
    }

    /// <summary>The ledgers stored beside every backup taken after this one, at every location that can be read.</summary>
    private async Task<List<DeletionLedgerEntry>> ReadNewerLedgersAsync(
        BackupManifest manifest, IReadOnlyCollection<AgeIdentity> identities, List<string> sources, List<string> warnings, CancellationToken cancellationToken)
    {
        var entries = new List<DeletionLedgerEntry>();
        if (!locations.Configured)
        {
            warnings.Add("No backup location is configured, so no newer backup's deletion ledger could be read.");
            return entries;
        }

        foreach (var location in locations.All)
        {
            try
            {
                foreach (var newer in (await BackupCatalog.ListAsync(location, cancellationToken)).Where(i => i.CreatedAt > manifest.CreatedAt))
                {
                    await using var input = await location.OpenReadAsync(BackupKeys.Ledger(newer.Id), cancellationToken);
                    entries.AddRange(await LedgerFile.DecryptAsync(input, identities, cancellationToken));
                    sources.Add($"{newer.Id} at {location.Name}");
                }
            }
            catch (Exception e) when (e is BackupException or BackupLocationException or AgeException)
            {
                warnings.Add($"Could not read the deletion ledgers at '{location.Name}': {e.Message}");
            }
        }

        return entries;
    }

    /// <summary>
    /// The ledger of the database about to be replaced, or null when the target is empty. A target holding data is
    /// refused unless forced: it may be the live database.
    /// </summary>
    private async Task<IReadOnlyList<DeletionLedgerEntry>?> ReadTargetLedgerAsync(bool force, CancellationToken cancellationToken)
    {
        if (!await TargetHoldsDataAsync(cancellationToken))
        {
            return null;
        }

        if (!force)
        {
            throw new BackupException(
                (database.Provider == DatabaseProvider.Sqlite ? $"{database.SqliteFile} already holds a database" : "The target PostgreSQL database already holds Waymark's tables")
                + ". Stop every Waymark process using it and run the restore again with --force; the current database is kept aside, not deleted.");
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        try
        {
            return await DeletionLedger.ReadAsync(connection, null, cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            return [];
        }
    }

    private async Task<bool> TargetHoldsDataAsync(CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite && (!File.Exists(database.SqliteFile) || new FileInfo(database.SqliteFile).Length == 0))
        {
            return false;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await SnapshotFacts.TablesAsync(connection, null, database.Provider, cancellationToken)).Count > 0;
    }

    /// <summary>Puts the backup's database in place; a replaced one is renamed (SQLite file, PostgreSQL schema) and its new name answered.</summary>
    private async Task<string?> PlaceAsync(string databaseFile, bool replacing, CancellationToken cancellationToken)
    {
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            database.ClearPool();
            string? keptAs = null;
            if (replacing)
            {
                keptAs = database.SqliteFile + ".before-restore-" + stamp;
                File.Move(database.SqliteFile!, keptAs);
                foreach (var suffix in new[] { "-wal", "-shm" })
                {
                    if (File.Exists(database.SqliteFile + suffix))
                    {
                        File.Move(database.SqliteFile + suffix, keptAs + suffix);
                    }
                }
            }

            await RestoredDatabase.PlaceSqliteAsync(databaseFile, database.DataDirectory, cancellationToken);
            return keptAs;
        }

        var schema = "before_restore_" + stamp.ToLowerInvariant();
        if (replacing)
        {
            await database.ExecuteAsync($"ALTER SCHEMA public RENAME TO \"{schema}\"; CREATE SCHEMA public;", cancellationToken);
            database.ClearPool();
        }

        try
        {
            await restored.RestorePostgresAsync(databaseFile, storage.Value.Database!, cancellationToken);
        }
        catch (BackupException) when (replacing)
        {
            await database.ExecuteAsync($"DROP SCHEMA public CASCADE; ALTER SCHEMA \"{schema}\" RENAME TO public;", CancellationToken.None);
            throw;
        }

        return replacing ? schema : null;
    }

    /// <summary>Removes the database <see cref="PlaceAsync"/> put in place and renames the one it replaced (<paramref name="kept"/>) back.</summary>
    private async Task PutBackAsync(string? kept, CancellationToken cancellationToken)
    {
        database.ClearPool();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database.SqliteFile + suffix);
                if (kept is not null && File.Exists(kept + suffix))
                {
                    File.Move(kept + suffix, database.SqliteFile + suffix);
                }
            }

            return;
        }

        await database.ExecuteAsync(kept is null ? "DROP SCHEMA public CASCADE; CREATE SCHEMA public;" : $"DROP SCHEMA public CASCADE; ALTER SCHEMA \"{kept}\" RENAME TO public;", cancellationToken);
        database.ClearPool();
    }
}
