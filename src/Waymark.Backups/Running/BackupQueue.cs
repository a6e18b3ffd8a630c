using Waymark.Api;
using Waymark.Backups.Archive;
using Waymark.Backups.Encryption;
using Waymark.Backups.Locations;

namespace Waymark.Backups.Running;

/// <summary>Asks a worker for a backup now (the dashboard's "Back up now"): the run is queued and the next worker tick takes it.</summary>
internal sealed class BackupQueue(BackupHistory history, BackupRecipients recipients, BackupLocations locations, TimeProvider clock)
{
    public async Task<Outcome<string>> QueueAsync(string trigger, CancellationToken cancellationToken)
    {
        if (!recipients.Configured || !locations.Configured)
        {
            return Refusal.Conflict(
                "backups-not-configured",
                "Backups are not configured",
                "Set Waymark:Backups:Recipients (an age public key from 'waymark backup keygen') and at least one Waymark:Backups:Locations entry, then restart Waymark.");
        }

        if (await history.AnyActiveAsync(cancellationToken))
        {
            return Refusal.Conflict("backup-in-progress", "A backup is already queued or running", "Wait for it to finish; its progress shows on the backups page.");
        }

        var backupId = BackupKeys.NewId(clock.GetUtcNow());
        await history.TryStartAsync(backupId, trigger, BackupStates.Queued, null, cancellationToken);
        return backupId;
    }
}
