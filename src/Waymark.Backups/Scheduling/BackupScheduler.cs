using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Backups.Archive;
using Waymark.Backups.Encryption;
using Waymark.Backups.Locations;
using Waymark.Backups.Retention;
using Waymark.Backups.Running;
using Waymark.Backups.Verification;

namespace Waymark.Backups.Scheduling;

/// <summary>
/// The worker role's backup loop. Every <see cref="BackupOptions.PollInterval"/>: marks runs left by a dead process as
/// failed, runs backups asked for from the dashboard, and takes the day's scheduled backup once its time has come
/// (a slot missed while no worker ran is taken at the next start). Each scheduled backup is then verified by
/// restoring it, and the retention rules prune old ones. A slot is claimed by a unique row, so several workers never
/// take the same day's backup twice.
/// </summary>
internal sealed partial class BackupScheduler(
    BackupRunner runner,
    BackupVerifier verifier,
    RetentionPruner pruner,
    BackupHistory history,
    BackupRecipients recipients,
    BackupLocations locations,
    IOptions<BackupOptions> options,
    TimeProvider clock,
    ILogger<BackupScheduler> logger) : BackgroundService
{
    public bool Configured => recipients.Configured && locations.Configured;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Configured)
        {
            LogNotConfigured();
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbException or DbUpdateException or TimeoutException or InvalidOperationException or IOException or BackupException)
            {
                LogTickFailed(e, options.Value.PollInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await history.FailAbandonedAsync(cancellationToken);
        if (!Configured)
        {
            return;
        }

        while (await history.ClaimQueuedAsync(cancellationToken) is { } asked)
        {
            await BackUpVerifyAndPruneAsync(asked, cancellationToken);
        }

        if (!options.Value.Schedule)
        {
            return;
        }

        var slot = DailySlots.Latest(clock.GetUtcNow(), options.Value.DailyAt);
        var backupId = BackupKeys.NewId(clock.GetUtcNow());
        if (await history.TryStartAsync(backupId, BackupStates.Schedule, BackupStates.Running, slot.ToUnixTimeMilliseconds(), cancellationToken))
        {
            await BackUpVerifyAndPruneAsync(backupId, cancellationToken);
        }
    }

    private async Task BackUpVerifyAndPruneAsync(string backupId, CancellationToken cancellationToken)
    {
        var outcome = await runner.RunAsync(backupId, null, null, cancellationToken);
        if (!outcome.Stored)
        {
            return;
        }

        if (options.Value.VerifyAfterBackup)
        {
            var identities = options.Value.IdentityFile is { Length: > 0 } file ? await BackupIdentities.ReadAsync(file, cancellationToken) : null;
            foreach (var copy in outcome.Copies.Where(c => c.Error is null))
            {
                await verifier.VerifyAsync(backupId, copy.Location, identities, null, cancellationToken);
            }
        }

        foreach (var (location, deleted, error) in await pruner.PruneAsync(cancellationToken))
        {
            if (error is not null)
            {
                LogPruneFailed(location, error);
            }
            else if (deleted > 0)
            {
                LogPruned(location, deleted);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backups are not configured, so none will run. Set Waymark:Backups:Recipients (an age public key from 'waymark backup keygen') and at least one Waymark:Backups:Locations entry; see docs/backups.md.")]
    private partial void LogNotConfigured();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backup tick failed; retrying in {Interval}")]
    private partial void LogTickFailed(Exception e, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Error, Message = "Old backups at {Location} could not be pruned: {Reason}")]
    private partial void LogPruneFailed(string location, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Deleted} old backup(s) at {Location}")]
    private partial void LogPruned(string location, int deleted);
}
