using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Backups.Archive;
using Waymark.Backups.Encryption;
using Waymark.Backups.Locations;
using Waymark.Backups.Snapshots;
using Waymark.Crypto.MasterKeys;

namespace Waymark.Backups.Running;

/// <summary>
/// Makes one backup: a consistent snapshot, its manifest, one age-encrypted archive and the encrypted deletion ledger,
/// then stores them at every location. A location that fails is recorded with its reason and the others still get
/// the backup; the run is <c>succeeded</c> when every location has it, <c>partial</c> when some do, <c>failed</c> when none.
/// </summary>
internal sealed partial class BackupRunner(
    SnapshotTaker snapshots,
    BackupRecipients recipients,
    BackupLocations locations,
    BackupHistory history,
    MasterKey masterKey,
    IAuditLog audit,
    BackupMetrics metrics,
    TimeProvider clock,
    IOptions<BackupOptions> options,
    ILogger<BackupRunner> logger)
{
    public static string WaymarkVersion { get; } =
        typeof(BackupRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Records a new running backup and makes it.</summary>
    public async Task<BackupOutcome> BackUpAsync(string trigger, string? onlyLocation, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        var backupId = BackupKeys.NewId(clock.GetUtcNow());
        await history.TryStartAsync(backupId, trigger, BackupStates.Running, null, cancellationToken);
        return await RunAsync(backupId, onlyLocation, progress, cancellationToken);
    }

    /// <summary>Makes the backup of a run already recorded as running (claimed from the queue or the schedule).</summary>
    public async Task<BackupOutcome> RunAsync(string backupId, string? onlyLocation, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        var report = new RunReporter(history, backupId, progress, clock);
        try
        {
            var targets = locations.Select(onlyLocation);
            var to = await recipients.ReadAsync(cancellationToken);
            using var scratch = ScratchSpace.Create(options, "backup");

            await report.PhaseAsync("taking a consistent snapshot", 0, 0, cancellationToken);
            var snapshot = await snapshots.TakeAsync(scratch.Path, cancellationToken);
            var databaseBytes = new FileInfo(snapshot.File).Length;
            var manifest = new BackupManifest
            {
                Id = backupId,
                CreatedAt = clock.GetUtcNow(),
                WaymarkVersion = WaymarkVersion,
                Provider = snapshot.Provider,
                DatabaseFile = snapshot.EntryName,
                DatabaseBytes = databaseBytes,
                DatabaseSha256 = await BackupArchive.HashFileAsync(snapshot.File, cancellationToken),
                Schema = snapshot.Facts.Schema,
                RowCounts = snapshot.Facts.RowCounts,
                AuditHeads = snapshot.Facts.AuditHeads,
                MasterKeyFingerprint = masterKey.Fingerprint,
                DeletionLedgerEntries = snapshot.Facts.Ledger.Count,
            };

            await report.PhaseAsync("encrypting", 0, databaseBytes, cancellationToken);
            var archive = scratch.File(backupId + ".age");
            string sha256;
            await using (var output = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                sha256 = await BackupArchive.WriteAsync(manifest, snapshot.File, to, output, done => report.Bytes(done), cancellationToken);
                output.Flush(flushToDisk: true);
            }

            File.Delete(snapshot.File);
            var size = new FileInfo(archive).Length;
            var ledger = await LedgerFile.EncryptAsync(snapshot.Facts.Ledger, to, cancellationToken);
            var index = new BackupIndexEntry(
                backupId, manifest.CreatedAt, WaymarkVersion, snapshot.Provider, size, sha256, ledger.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ledger)));

            var copies = new List<CopyOutcome>();
            foreach (var location in targets)
            {
                await report.PhaseAsync($"storing at {location.Name}", 0, size, cancellationToken);
                copies.Add(await StoreAsync(location, index, archive, ledger, report, cancellationToken));
            }

            var stored = copies.Count(c => c.Error is null);
            var state = stored == copies.Count ? BackupStates.Succeeded : stored > 0 ? BackupStates.Partial : BackupStates.Failed;
            var error = stored == copies.Count ? null : string.Join(" ", copies.Where(c => c.Error is not null).Select(c => $"{c.Location}: {c.Error}"));
            await history.FinishAsync(backupId, state, size, sha256, manifest.TotalRows, error, CancellationToken.None);
            await audit.RecordAsync(
                new AuditEvent(
                    AuditEvent.InstanceChain,
                    stored > 0 ? AuditActions.BackupCreated : AuditActions.BackupFailed,
                    AuditActor.System,
                    stored == copies.Count ? AuditOutcome.Success : AuditOutcome.Failure,
                    "backup",
                    backupId,
                    Details: new Dictionary<string, string>
                    {
                        ["bytes"] = size.ToString(CultureInfo.InvariantCulture),
                        ["locations_stored"] = string.Join(",", copies.Where(c => c.Error is null).Select(c => c.Location)),
                        ["locations_failed"] = string.Join(",", copies.Where(c => c.Error is not null).Select(c => c.Location)),
                    }),
                CancellationToken.None);
            metrics.Run(state, clock.GetUtcNow());
            LogFinished(backupId, state, size, stored, copies.Count);
            return new BackupOutcome(backupId, state, size, sha256, manifest.TotalRows, copies, error);
        }
        catch (Exception e) when (e is BackupException or BackupLocationException or IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            await history.FinishAsync(backupId, BackupStates.Failed, 0, null, 0, e.Message, CancellationToken.None);
            await audit.RecordAsync(
                new AuditEvent(AuditEvent.InstanceChain, AuditActions.BackupFailed, AuditActor.System, AuditOutcome.Failure, "backup", backupId),
                CancellationToken.None);
            metrics.Run(BackupStates.Failed, clock.GetUtcNow());
            LogFailed(backupId, e.Message);
            return new BackupOutcome(backupId, BackupStates.Failed, 0, null, 0, [], e.Message);
        }
    }

    private async Task<CopyOutcome> StoreAsync(IBackupLocation location, BackupIndexEntry index, string archive, byte[] ledger, RunReporter report, CancellationToken cancellationToken)
    {
        try
        {
            await using (var file = new FileStream(archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                await location.PutAsync(BackupKeys.Archive(index.Id), new ProgressStream(file, done => report.Bytes(done)), index.Size, cancellationToken);
            }

            await location.PutAsync(BackupKeys.Ledger(index.Id), new MemoryStream(ledger), ledger.Length, cancellationToken);
            var json = index.ToJson();
            await location.PutAsync(BackupKeys.Index(index.Id), new MemoryStream(json), json.Length, cancellationToken);
            await history.RecordCopyAsync(index.Id, location.Name, BackupStates.Stored, null, CancellationToken.None);
            return new CopyOutcome(location.Name, null);
        }
        catch (BackupLocationException e)
        {
            await history.RecordCopyAsync(index.Id, location.Name, BackupStates.Failed, e.Message, CancellationToken.None);
            LogCopyFailed(index.Id, location.Name, e.Message);
            return new CopyOutcome(location.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backup {BackupId} {State}: {Bytes} bytes stored at {Stored} of {Locations} location(s)")]
    private partial void LogFinished(string backupId, string state, long bytes, int stored, int locations);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup {BackupId} could not be stored at {Location}: {Reason}")]
    private partial void LogCopyFailed(string backupId, string location, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backup {BackupId} failed: {Reason}")]
    private partial void LogFailed(string backupId, string reason);
}
