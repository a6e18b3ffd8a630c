namespace Waymark.Backups.Running;

/// <summary>
/// Passes a run's progress to the caller (the CLI's progress bar) at once and to the history row at most once a second
/// (the dashboard's live view), so progress costs the database almost nothing.
/// </summary>
internal sealed class RunReporter(BackupHistory history, string backupId, IProgress<BackupProgress>? progress, TimeProvider clock)
{
    private static readonly TimeSpan StoreEvery = TimeSpan.FromSeconds(1);

    private string _phase = "";
    private long _total;
    private long _lastStored;
    private Task _pending = Task.CompletedTask;

    public async Task PhaseAsync(string phase, long done, long total, CancellationToken cancellationToken)
    {
        _phase = phase;
        _total = total;
        await _pending;
        progress?.Report(new BackupProgress(phase, done, total));
        _lastStored = clock.GetTimestamp();
        await history.ProgressAsync(backupId, phase, done, total, cancellationToken);
    }

    public void Bytes(long done)
    {
        progress?.Report(new BackupProgress(_phase, done, _total));
        if (_pending.IsCompleted && clock.GetElapsedTime(_lastStored) >= StoreEvery)
        {
            _lastStored = clock.GetTimestamp();
            _pending = StoreQuietlyAsync(done);
        }
    }

    /// <summary>A missed progress update only makes the dashboard's bar lag; it must not fail the backup.</summary>
    private async Task StoreQuietlyAsync(long done)
    {
        try
        {
            await history.ProgressAsync(backupId, _phase, done, _total, CancellationToken.None);
        }
        catch (System.Data.Common.DbException)
        {
            // The next update or the run's end writes the row again.
        }
    }
}
