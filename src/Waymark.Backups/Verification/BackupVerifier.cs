using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Waymark.Audit;
using Waymark.Backups.Age;
using Waymark.Backups.Archive;
using Waymark.Backups.Locations;
using Waymark.Backups.Restoring;
using Waymark.Backups.Running;
using Waymark.Storage;

namespace Waymark.Backups.Verification;

/// <summary>
/// Checks stored backups the only way that proves them: each copy is downloaded and its SHA-256 compared with its index,
/// decrypted, its database restored into a scratch database (a file for SQLite, a fresh database on the same server
/// for PostgreSQL) and compared with the manifest (rows per table, audit-chain heads, every chain recomputed); its
/// deletion ledger is decrypted and counted. A failed check is recorded as <c>backup.verification-failed</c>, which the
/// incident detectors raise as a critical incident.
/// </summary>
internal sealed partial class BackupVerifier(
    BackupLocations locations,
    BackupHistory history,
    RestoredDatabase restored,
    WaymarkDatabase database,
    IOptions<StorageOptions> storage,
    IOptions<BackupOptions> options,
    IAuditLog audit,
    BackupMetrics metrics,
    TimeProvider clock,
    ILogger<BackupVerifier> logger)
{
    /// <summary>
    /// Checks <paramref name="backupId"/> (default: the newest backup at each location) at every location or the one
    /// named. Without <paramref name="identities"/> a copy can only be found intact, not restored.
    /// </summary>
    public async Task<IReadOnlyList<CheckOutcome>> VerifyAsync(
        string? backupId, string? onlyLocation, IReadOnlyCollection<AgeIdentity>? identities, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        var outcomes = new List<CheckOutcome>();
        foreach (var location in locations.Select(onlyLocation))
        {
            var started = clock.GetTimestamp();
            string id;
            try
            {
                var stored = backupId is null ? await BackupCatalog.ListAsync(location, cancellationToken) : [];
                id = backupId ?? (stored.Count > 0 ? stored[0].Id : throw new BackupException($"Location '{location.Name}' holds no backup yet."));
            }
            catch (Exception e) when (e is BackupException or BackupLocationException)
            {
                outcomes.Add(await RecordAsync(new CheckOutcome(backupId ?? "(none)", location.Name, BackupStates.Failed, e.Message, clock.GetElapsedTime(started)), cancellationToken));
                continue;
            }

            string outcome;
            string? detail;
            try
            {
                (outcome, detail) = await CheckAsync(location, id, identities, progress, cancellationToken);
            }
            catch (Exception e) when (e is BackupException or BackupLocationException or AgeException or IOException or InvalidDataException or System.Data.Common.DbException)
            {
                (outcome, detail) = (BackupStates.Failed, e.Message);
            }

            outcomes.Add(await RecordAsync(new CheckOutcome(id, location.Name, outcome, detail, clock.GetElapsedTime(started)), cancellationToken));
        }

        return outcomes;
    }

    private async Task<(string Outcome, string? Detail)> CheckAsync(
        IBackupLocation location, string id, IReadOnlyCollection<AgeIdentity>? identities, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        var index = await BackupCatalog.ReadIndexAsync(location, id, cancellationToken);
        using var scratch = ScratchSpace.Create(options, "verify");
        var archive = scratch.File(id + ".age");
        progress?.Report(new BackupProgress($"downloading from {location.Name}", 0, index.Size));
        await Download.CheckedAsync(location, BackupKeys.Archive(id), archive, index.Size, index.Sha256, progress, $"downloading from {location.Name}", cancellationToken);
        var ledgerCopy = scratch.File(id + ".ledger.age");
        await Download.CheckedAsync(location, BackupKeys.Ledger(id), ledgerCopy, index.LedgerSize, index.LedgerSha256, null, "", cancellationToken);
        if (identities is null)
        {
            return (BackupStates.Intact, "The stored files match their SHA-256; set Waymark:Backups:IdentityFile for the worker to restore them in its checks too.");
        }

        progress?.Report(new BackupProgress("decrypting", 0, index.Size));
        var extracted = Directory.CreateDirectory(scratch.File("extracted")).FullName;
        BackupManifest manifest;
        string databaseFile;
        await using (var input = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            (manifest, databaseFile) = await BackupArchive.ReadAsync(input, identities, extracted, done => progress?.Report(new BackupProgress("decrypting", done, index.Size)), cancellationToken);
        }

        File.Delete(archive);
        if (manifest.Id != id)
        {
            return (BackupStates.Failed, $"The archive stored as {id} holds backup {manifest.Id}.");
        }

        await using (var ledgerInput = File.OpenRead(ledgerCopy))
        {
            var ledger = await LedgerFile.DecryptAsync(ledgerInput, identities, cancellationToken);
            if (ledger.Count != manifest.DeletionLedgerEntries)
            {
                return (BackupStates.Failed, $"The stored deletion ledger has {ledger.Count} entries, the manifest says {manifest.DeletionLedgerEntries}.");
            }
        }

        progress?.Report(new BackupProgress("restoring into a scratch database", 0, 0));
        var differences = await RestoreAndCompareAsync(manifest, databaseFile, scratch, cancellationToken);
        return differences.Count == 0
            ? (BackupStates.Passed, $"Restored {manifest.TotalRows} rows in {manifest.RowCounts.Count} tables; {manifest.AuditHeads.Count} audit chains intact and at their manifest heads.")
            : (BackupStates.Failed, "The restored copy differs from its manifest: " + string.Join("; ", differences.Take(5)) + (differences.Count > 5 ? $"; and {differences.Count - 5} more" : "") + ".");
    }

    private async Task<IReadOnlyList<string>> RestoreAndCompareAsync(BackupManifest manifest, string databaseFile, ScratchSpace scratch, CancellationToken cancellationToken)
    {
        if (manifest.Provider == Snapshots.DatabaseSnapshot.Sqlite)
        {
            // The extracted file is the scratch database: renamed, not copied, as nothing else will use it.
            var directory = Directory.CreateDirectory(scratch.File("database")).FullName;
            File.Move(databaseFile, Path.Combine(directory, "waymark.db"));
            return await restored.CompareAsync(new StorageOptions { DataDirectory = directory }, manifest, thorough: true, cancellationToken);
        }

        if (database.Provider != DatabaseProvider.Postgres)
        {
            throw new BackupException("This is a PostgreSQL backup; restoring it for a check needs a PostgreSQL server. Run the check from a Waymark configured with Waymark:Database.");
        }

        var name = "waymark_verify_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var scratchDatabase = new NpgsqlConnectionStringBuilder(storage.Value.Database) { Database = name, Pooling = false }.ConnectionString;
        await database.ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        try
        {
            await restored.RestorePostgresAsync(databaseFile, scratchDatabase, cancellationToken);
            return await restored.CompareAsync(new StorageOptions { Database = scratchDatabase }, manifest, thorough: true, cancellationToken);
        }
        finally
        {
            await database.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
        }
    }

    private async Task<CheckOutcome> RecordAsync(CheckOutcome outcome, CancellationToken cancellationToken)
    {
        await history.RecordCheckAsync(outcome.BackupId, outcome.Location, outcome.Outcome, outcome.Detail, outcome.Duration, cancellationToken);
        metrics.Check(outcome.Location, outcome.Outcome);
        await audit.RecordAsync(
            new AuditEvent(
                AuditEvent.InstanceChain,
                outcome.Failed ? AuditActions.BackupVerificationFailed : AuditActions.BackupVerified,
                AuditActor.System,
                outcome.Failed ? AuditOutcome.Failure : AuditOutcome.Success,
                "backup",
                outcome.BackupId,
                Details: new Dictionary<string, string> { ["location"] = outcome.Location, ["outcome"] = outcome.Outcome }),
            CancellationToken.None);
        if (outcome.Failed)
        {
            LogFailed(outcome.BackupId, outcome.Location, outcome.Detail ?? "");
        }

        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup {BackupId} at {Location} failed verification: {Reason}")]
    private partial void LogFailed(string backupId, string location, string reason);
}
