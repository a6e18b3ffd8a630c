using System.Globalization;
using Microsoft.Extensions.Options;
using Waymark.Audit;
using Waymark.Backups.Archive;
using Waymark.Backups.Locations;

namespace Waymark.Backups.Retention;

/// <summary>Deletes, at each location, the backups the retention rules no longer keep (index first, so a half-deleted backup is never listed).</summary>
internal sealed class RetentionPruner(BackupLocations locations, IOptions<BackupOptions> options, IAuditLog audit)
{
    /// <summary>Prunes every location; answers per location how many backups were deleted, or why it could not be pruned.</summary>
    public async Task<IReadOnlyList<(string Location, int Deleted, string? Error)>> PruneAsync(CancellationToken cancellationToken)
    {
        var results = new List<(string, int, string?)>();
        foreach (var location in locations.All)
        {
            try
            {
                var backups = await BackupCatalog.ListAsync(location, cancellationToken);
                var keep = RetentionPlan.Keep(backups.Select(b => (b.Id, b.CreatedAt)), options.Value.Retention);
                var deleted = 0;
                foreach (var backup in backups.Where(b => !keep.Contains(b.Id)))
                {
                    await location.DeleteAsync(BackupKeys.Index(backup.Id), cancellationToken);
                    await location.DeleteAsync(BackupKeys.Archive(backup.Id), cancellationToken);
                    await location.DeleteAsync(BackupKeys.Ledger(backup.Id), cancellationToken);
                    deleted++;
                }

                if (deleted > 0)
                {
                    await audit.RecordAsync(
                        new AuditEvent(AuditEvent.InstanceChain, AuditActions.BackupPruned, AuditActor.System, AuditOutcome.Success, "backup-location", location.Name,
                            Details: new Dictionary<string, string> { ["deleted"] = deleted.ToString(CultureInfo.InvariantCulture), ["kept"] = keep.Count.ToString(CultureInfo.InvariantCulture) }),
                        CancellationToken.None);
                }

                results.Add((location.Name, deleted, null));
            }
            catch (BackupLocationException e)
            {
                results.Add((location.Name, 0, e.Message));
            }
        }

        return results;
    }
}
