using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Jobs;
using Waymark.Storage;

namespace Waymark.Ingest.Retention;

/// <summary>
/// The worker role's daily purge: on start and every <see cref="RetentionOptions.CheckInterval"/>, claims each
/// workspace whose last purge began a day or more ago and queues a <c>retention_purge</c> job for it. The claim is a
/// conditional update, so of many workers exactly one wins a workspace's daily run; the job is queued in the same
/// transaction, so a claimed run is never lost.
/// </summary>
internal sealed class RetentionScheduler(WaymarkDatabase database, JobQueue jobs, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
            {
                // The next check tries again; a missed check only delays a purge.
                logger.LogWarning(e, "Retention check failed; retrying in {Interval}", options.Value.CheckInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Claims every due workspace and queues its purge; answers how many this worker claimed.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = (now - Period).ToUnixTimeMilliseconds();
        var candidates = new List<(long WorkspaceId, int Days)>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT workspace_id, days FROM event_retention WHERE last_run_at IS NULL OR last_run_at <= @due";
            select.AddParameter("@due", due);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }

        var claimed = 0;
        foreach (var (workspaceId, days) in candidates)
        {
            await using var transaction = connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : await connection.BeginTransactionAsync(cancellationToken);
            await using var claim = connection.CreateCommand();
            claim.Transaction = transaction;
            claim.CommandText = "UPDATE event_retention SET last_run_at = @now WHERE workspace_id = @w AND (last_run_at IS NULL OR last_run_at <= @due)";
            claim.AddParameter("@now", now.ToUnixTimeMilliseconds());
            claim.AddParameter("@w", workspaceId);
            claim.AddParameter("@due", due);
            if (await claim.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                continue;
            }

            var cutoff = now.AddDays(-days).ToUnixTimeMilliseconds();
            await jobs.EnqueueWithinAsync(transaction, workspaceId, RetentionPurgeHandler.JobType, RetentionPurgeHandler.EncodePayload(cutoff), 0, [], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            claimed++;
        }

        if (claimed > 0)
        {
            jobs.Wake();
        }

        return claimed;
    }
}
