using Microsoft.EntityFrameworkCore;
using Waymark.Backups.Schema;

namespace Waymark.Backups.Running;

/// <summary>The runs, copies and checks of backups as this database remembers them (the locations hold the backups themselves).</summary>
internal sealed class BackupHistory(BackupContexts contexts, TimeProvider clock)
{
    /// <summary>A running row whose heartbeat is older than this was left by a process that died.</summary>
    public static readonly TimeSpan Abandoned = TimeSpan.FromMinutes(10);

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Records a run; false when <paramref name="scheduledFor"/>'s slot is already taken by another run.</summary>
    public async Task<bool> TryStartAsync(string backupId, string trigger, string state, long? scheduledFor, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        if (scheduledFor is { } slot && await db.Runs.AnyAsync(r => r.ScheduledFor == slot, cancellationToken))
        {
            return false;
        }

        var now = Now;
        db.Runs.Add(new RunRow
        {
            BackupId = backupId,
            Trigger = trigger,
            ScheduledFor = scheduledFor,
            State = state,
            Phase = state == BackupStates.Queued ? "waiting for a worker" : "starting",
            CreatedAt = now,
            StartedAt = state == BackupStates.Running ? now : null,
            HeartbeatAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (scheduledFor is not null)
        {
            return false;
        }
    }

    /// <summary>Takes the oldest queued run for this worker; null when none is waiting or another worker took it first.</summary>
    public async Task<string?> ClaimQueuedAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var candidate = await db.Runs.Where(r => r.State == BackupStates.Queued).OrderBy(r => r.Id).Select(r => r.BackupId).FirstOrDefaultAsync(cancellationToken);
        if (candidate is null)
        {
            return null;
        }

        var now = Now;
        var claimed = await db.Runs.Where(r => r.BackupId == candidate && r.State == BackupStates.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, BackupStates.Running).SetProperty(r => r.StartedAt, now).SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        return claimed == 1 ? candidate : null;
    }

    public async Task ProgressAsync(string backupId, string phase, long done, long total, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var now = Now;
        await db.Runs.Where(r => r.BackupId == backupId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Phase, phase).SetProperty(r => r.BytesDone, done).SetProperty(r => r.BytesTotal, total).SetProperty(r => r.HeartbeatAt, now), cancellationToken);
    }

    public async Task FinishAsync(string backupId, string state, long size, string? sha256, long totalRows, string? error, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var now = Now;
        var phase = state == BackupStates.Failed ? "failed" : "done";
        await db.Runs.Where(r => r.BackupId == backupId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.State, state).SetProperty(r => r.Phase, phase).SetProperty(r => r.Size, size).SetProperty(r => r.Sha256, sha256)
                    .SetProperty(r => r.TotalRows, totalRows).SetProperty(r => r.Error, Clip(error)).SetProperty(r => r.FinishedAt, now).SetProperty(r => r.HeartbeatAt, now),
                cancellationToken);
    }

    public async Task RecordCopyAsync(string backupId, string location, string state, string? error, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        db.Copies.Add(new CopyRow { BackupId = backupId, Location = location, State = state, Error = Clip(error), FinishedAt = Now });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RecordCheckAsync(string backupId, string location, string outcome, string? detail, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        db.Checks.Add(new CheckRow { BackupId = backupId, Location = location, Outcome = outcome, Detail = Clip(detail), CheckedAt = Now, DurationMs = (long)duration.TotalMilliseconds });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Marks runs whose process died mid-way as failed, so they do not look busy for ever.</summary>
    public async Task<int> FailAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var now = Now;
        var cutoff = now - (long)Abandoned.TotalMilliseconds;
        return await db.Runs.Where(r => r.State == BackupStates.Running && r.HeartbeatAt < cutoff)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.State, BackupStates.Failed).SetProperty(r => r.Phase, "failed")
                    .SetProperty(r => r.Error, "The process running this backup stopped before it finished. The next scheduled run, or 'waymark backup', makes a new one.")
                    .SetProperty(r => r.FinishedAt, now),
                cancellationToken);
    }

    /// <summary>The newest runs with their copies and checks, newest first.</summary>
    public async Task<IReadOnlyList<RunView>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var runs = await db.Runs.AsNoTracking().OrderByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        var ids = runs.Select(r => r.BackupId).ToList();
        var copies = await db.Copies.AsNoTracking().Where(c => ids.Contains(c.BackupId)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var checks = await db.Checks.AsNoTracking().Where(c => ids.Contains(c.BackupId)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return runs.Select(r => RunView.From(r, copies.Where(c => c.BackupId == r.BackupId), checks.Where(c => c.BackupId == r.BackupId))).ToList();
    }

    public async Task<RunView?> FindAsync(string backupId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.BackupId == backupId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var copies = await db.Copies.AsNoTracking().Where(c => c.BackupId == backupId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var checks = await db.Checks.AsNoTracking().Where(c => c.BackupId == backupId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return RunView.From(run, copies, checks);
    }

    /// <summary>The slot of the newest scheduled run, if any ran.</summary>
    public async Task<DateTimeOffset?> LastSlotAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var slot = await db.Runs.MaxAsync(r => r.ScheduledFor, cancellationToken);
        return slot is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>Whether a run is queued or running now: the dashboard refreshes itself while one is.</summary>
    public async Task<bool> AnyActiveAsync(CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        return await db.Runs.AnyAsync(r => r.State == BackupStates.Queued || r.State == BackupStates.Running, cancellationToken);
    }

    private static string? Clip(string? text) => text is { Length: > 2000 } ? text[..2000] : text;
}
