using Microsoft.Extensions.Options;
using Waymark.Backups.Encryption;
using Waymark.Backups.Locations;
using Waymark.Backups.Running;

namespace Waymark.Backups.Scheduling;

/// <summary>What an operator wants to see at a glance: whether backups are set up, where they go, the last backup and check per location, and when the next one runs.</summary>
internal sealed class BackupStatus(BackupHistory history, BackupRecipients recipients, BackupLocations locations, IOptions<BackupOptions> options, TimeProvider clock)
{
    public async Task<StatusView> ReadAsync(int limit, CancellationToken cancellationToken)
    {
        var value = options.Value;
        var runs = await history.ListAsync(limit, cancellationToken);
        var configured = recipients.Configured && locations.Configured;
        var places = new List<LocationView>();
        if (locations.Configured)
        {
            foreach (var location in locations.All)
            {
                var copies = runs.SelectMany(r => r.Copies.Where(c => c.Location == location.Name).Select(c => (Run: r, Copy: c))).OrderByDescending(x => x.Copy.FinishedAt).ToList();
                var lastCopy = copies.FirstOrDefault();
                var lastStored = copies.FirstOrDefault(x => x.Copy.State == BackupStates.Stored);
                var lastCheck = runs.SelectMany(r => r.Checks.Where(c => c.Location == location.Name).Select(c => (Run: r, Check: c))).OrderByDescending(x => x.Check.CheckedAt).FirstOrDefault();
                places.Add(new LocationView(
                    location.Name,
                    location.Describe(),
                    lastStored.Run?.BackupId,
                    lastStored.Copy?.FinishedAt,
                    lastCopy.Copy is { State: BackupStates.Failed } failed ? failed.Error : null,
                    lastCheck.Run?.BackupId,
                    lastCheck.Check?.Outcome,
                    lastCheck.Check?.Detail,
                    lastCheck.Check?.CheckedAt));
            }
        }

        DateTimeOffset? next = null;
        if (configured && value.Schedule)
        {
            var now = clock.GetUtcNow();
            var latest = DailySlots.Latest(now, value.DailyAt);
            next = await history.LastSlotAsync(cancellationToken) is { } taken && taken >= latest ? DailySlots.Next(now, value.DailyAt) : now;
        }

        return new StatusView(
            configured,
            value.Schedule,
            value.DailyAt,
            next,
            new RetentionView(value.Retention.Daily, value.Retention.Weekly, value.Retention.Monthly),
            !string.IsNullOrWhiteSpace(value.IdentityFile),
            places,
            runs);
    }
}

internal sealed record StatusView(
    bool Configured,
    bool Scheduled,
    TimeSpan DailyAt,
    DateTimeOffset? NextRun,
    RetentionView Retention,
    bool RestoreChecks,
    IReadOnlyList<LocationView> Locations,
    IReadOnlyList<RunView> Runs)
{
    public bool AnyActive => Runs.Any(r => r.State is BackupStates.Queued or BackupStates.Running);
}

internal sealed record RetentionView(int Daily, int Weekly, int Monthly);

internal sealed record LocationView(
    string Name,
    string Description,
    string? LastBackupId,
    DateTimeOffset? LastStoredAt,
    string? LastError,
    string? LastCheckedBackupId,
    string? LastCheckOutcome,
    string? LastCheckDetail,
    DateTimeOffset? LastCheckedAt);
