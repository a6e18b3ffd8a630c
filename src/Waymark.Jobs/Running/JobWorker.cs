using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Waymark.Jobs.Running;

/// <summary>
/// The worker role: claims jobs of the types it has handlers for and runs up to <see cref="JobOptions.Concurrency"/>
/// at once, renewing each lease while its handler runs. It looks again at once when a job ends or is enqueued in this
/// process, and every <see cref="JobOptions.PollInterval"/> otherwise. Any number of workers share one database.
/// </summary>
internal sealed partial class JobWorker(
    JobStore store,
    JobSignal signal,
    IEnumerable<IJobHandler> handlers,
    IOptions<JobOptions> options,
    TimeProvider clock,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly Dictionary<string, IJobHandler> _handlers = handlers.ToDictionary(h => h.Type, StringComparer.Ordinal);
    private readonly string _workerId = RandomNumberGenerator.GetHexString(12, lowercase: true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var types = _handlers.Keys.Order(StringComparer.Ordinal).ToList();
        using var slots = new SemaphoreSlim(settings.Concurrency);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await slots.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                var job = await TryClaimAsync(types, stoppingToken);
                if (job is null)
                {
                    slots.Release();
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                    continue;
                }

                running.Add(RunThenFreeAsync(job, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the running jobs see the same token and put themselves back in the queue.
        }

        await Task.WhenAll(running);
    }

    private async Task<ClaimedJob?> TryClaimAsync(IReadOnlyList<string> types, CancellationToken stoppingToken)
    {
        try
        {
            return await store.ClaimAsync(types, _workerId + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true), stoppingToken);
        }
        catch (DbException e)
        {
            LogClaimFailed(logger, e.GetType().Name);
            return null;
        }
    }

    private async Task RunThenFreeAsync(ClaimedJob job, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await RunAsync(job, stoppingToken);
        }
        finally
        {
            slots.Release();
            signal.Notify();
        }
    }

    private async Task RunAsync(ClaimedJob job, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var context = new JobContext(store, job, settings.MaxErrors);
        if (job.Attempts > settings.MaxAttempts)
        {
            await FinishQuietlyAsync(job, context, JobStatus.Failed, "attempts-exhausted");
            return;
        }

        using var lease = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(job, lease, renewing.Token);
        try
        {
            await _handlers[job.Type].RunAsync(context, lease.Token);
            await StopAsync(renewing, renewal);
            await FinishQuietlyAsync(job, context, JobStatuses.Final(context.CompletedRows, context.FailedRows), null);
        }
        catch (Exception e) when (lease.IsCancellationRequested || e is JobLeaseLostException)
        {
            await StopAsync(renewing, renewal);
            if (stoppingToken.IsCancellationRequested)
            {
                await ReleaseQuietlyAsync(job, null, countAttempt: false);
            }
            else
            {
                LogLeaseLost(logger, job.PublicId);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await StopAsync(renewing, renewal);
            var reason = e.GetType().Name;
            LogAttemptFailed(logger, job.PublicId, job.Attempts, reason);
            if (job.Attempts >= settings.MaxAttempts)
            {
                await FinishQuietlyAsync(job, context, JobStatus.Failed, reason);
            }
            else
            {
                await ReleaseQuietlyAsync(job, reason, countAttempt: true);
            }
        }
    }

    /// <summary>Renews the lease every third of its length; cancels the handler's token when the lease is lost.</summary>
    private async Task RenewAsync(ClaimedJob job, CancellationTokenSource lease, CancellationToken stop)
    {
        var interval = options.Value.LeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(interval, clock, stop);
                bool renewed;
                try
                {
                    renewed = await store.RenewAsync(job, stop);
                }
                catch (DbException e)
                {
                    // A database hiccup is not a lost lease: the next renewal may succeed before the lease runs out.
                    LogRenewFailed(logger, job.PublicId, e.GetType().Name);
                    continue;
                }

                if (!renewed)
                {
                    await lease.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The handler ended.
        }
    }

    private static async Task StopAsync(CancellationTokenSource renewing, Task renewal)
    {
        await renewing.CancelAsync();
        await renewal;
    }

    private async Task FinishQuietlyAsync(ClaimedJob job, JobContext context, JobStatus status, string? reason)
    {
        try
        {
            if (!await store.FinishAsync(job, context, status, reason, CancellationToken.None))
            {
                LogLeaseLost(logger, job.PublicId);
            }
        }
        catch (DbException e)
        {
            // The lease runs out and another worker runs the job again; handlers are idempotent.
            LogFinishFailed(logger, job.PublicId, e.GetType().Name);
        }
    }

    private async Task ReleaseQuietlyAsync(ClaimedJob job, string? reason, bool countAttempt)
    {
        try
        {
            await store.ReleaseAsync(job, reason, countAttempt, CancellationToken.None);
        }
        catch (DbException e)
        {
            LogFinishFailed(logger, job.PublicId, e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming a background job failed ({Error}); trying again at the next poll.")]
    private static partial void LogClaimFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background job {JobId} attempt {Attempt} failed ({Error}).")]
    private static partial void LogAttemptFailed(ILogger logger, string jobId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background job {JobId}: the lease went to another worker; this worker stopped running it.")]
    private static partial void LogLeaseLost(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of background job {JobId} failed ({Error}).")]
    private static partial void LogRenewFailed(ILogger logger, string jobId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the end of background job {JobId} failed ({Error}); another worker will run it again.")]
    private static partial void LogFinishFailed(ILogger logger, string jobId, string error);
}
