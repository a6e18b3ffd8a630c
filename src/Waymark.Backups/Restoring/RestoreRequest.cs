using Waymark.Backups.Age;

namespace Waymark.Backups.Restoring;

/// <summary>
/// What to restore: <see cref="Backup"/> is a backup id (looked up at the configured locations, or at
/// <see cref="FromLocation"/>) or the path of a backup file. The target is the database Waymark is configured with
/// (<c>--data DIR</c> or <c>--database CONN</c>); <see cref="Force"/> allows replacing one that already holds data.
/// </summary>
internal sealed record RestoreRequest(string Backup, string? FromLocation, IReadOnlyCollection<AgeIdentity> Identities, bool Force);

/// <summary>
/// What a restore did: which backup, where the previous database was kept (if one was replaced), the subjects deleted
/// again from the ledgers, and which ledgers were read.
/// </summary>
internal sealed record RestoreOutcome(
    string BackupId,
    DateTimeOffset CreatedAt,
    long TotalRows,
    int AuditChains,
    string? PreviousKeptAs,
    int Replayed,
    int Skipped,
    IReadOnlyList<Waymark.Ingest.Deletion.PurgeJob> PurgeJobs,
    IReadOnlyList<string> LedgerSources,
    IReadOnlyList<string> Warnings);
