using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// A backup that failed its restore check (<c>backup.verification-failed</c>, in whichever chain it is recorded): the
/// installation may not be able to recover from a loss. Risk: likelihood 4 × impact 5 = 20 (critical).
/// </summary>
internal sealed class BackupVerificationDetector : IDetector
{
    public const string Name = "backup-verification-failed";

    public ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Signal?>(entry.Action != AuditActions.BackupVerificationFailed
            ? null
            : new Signal(entry.WorkspaceId, Name, "backup", "A backup failed verification", 4, 5,
                $"Backup {entry.TargetId ?? "(unnamed)"} failed its verification; see the backup's report for why"));
}
