using System.Data.Common;
using Microsoft.Extensions.Options;
using Waymark.Storage;

namespace Waymark.Jobs.Running;

/// <summary>
/// Claims jobs and writes their progress. Every write after a claim is conditional on the claim's token
/// (<c>lease_owner</c>), so a worker that lost its lease changes nothing and learns it from the affected row count.
/// </summary>
internal sealed class JobStore(WaymarkDatabase database, IOptions<JobOptions> options, TimeProvider clock)
{
    private const string Claimable = "(status = 'queued' OR (status = 'processing' AND lease_until < @now))";

    private const string Returning = "RETURNING id, job_id, workspace_id, type, payload, checkpoint, total_rows, completed_rows, failed_rows, errors, attempts";

    private const string SetClaimed =
        "status = 'processing', lease_owner = @owner, lease_until = @until, attempts = attempts + 1, start_time = COALESCE(start_time, @now), updated_at = @now";

    public Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => database.OpenConnectionAsync(cancellationToken);

    /// <summary>
    /// Claims the oldest claimable job of one of <paramref name="types"/>: queued, or processing under a lease that
    /// expired (its worker died). One statement on both providers: PostgreSQL skips rows other claimers hold locked;
    /// SQLite runs the statement under its single write lock and re-checks the condition on the row it updates.
    /// </summary>
    public async Task<ClaimedJob?> ClaimAsync(IReadOnlyList<string> types, string owner, CancellationToken cancellationToken)
    {
        if (types.Count == 0)
        {
            return null;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            command.CommandText = $"""
                UPDATE background_jobs SET {SetClaimed}
                WHERE id = (SELECT id FROM background_jobs WHERE {Claimable} AND type = ANY(@types) ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                {Returning}
                """;
            command.AddParameter("@types", types.ToArray());
        }
        else
        {
            var names = string.Join(", ", types.Select((_, i) => "@type" + i));
            command.CommandText = $"""
                UPDATE background_jobs SET {SetClaimed}
                WHERE id = (SELECT id FROM background_jobs WHERE {Claimable} AND type IN ({names}) ORDER BY id LIMIT 1) AND {Claimable}
                {Returning}
                """;
            for (var i = 0; i < types.Count; i++)
            {
                command.AddParameter("@type" + i, types[i]);
            }
        }

        command.AddParameter("@owner", owner);
        command.AddParameter("@now", now);
        command.AddParameter("@until", now + (long)options.Value.LeaseDuration.TotalMilliseconds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ClaimedJob(
            reader.GetInt64(0),
            reader.GetString(1),
            reader.GetInt64(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? [] : (byte[])reader.GetValue(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetInt64(6),
            reader.GetInt64(7),
            reader.GetInt64(8),
            JobErrorsJson.Read(reader.IsDBNull(9) ? null : reader.GetString(9)),
            reader.GetInt32(10),
            owner);
    }

    /// <summary>Extends the lease; false when the job is no longer this claim's.</summary>
    public async Task<bool> RenewAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await ExecuteAsync(
            job,
            "lease_until = @until, updated_at = @now",
            c =>
            {
                c.AddParameter("@until", now + (long)options.Value.LeaseDuration.TotalMilliseconds);
                c.AddParameter("@now", now);
            },
            cancellationToken);
    }

    public async Task SetTotalAsync(ClaimedJob job, long totalRows, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await ExecuteOrThrowAsync(
            job,
            "total_rows = @total, updated_at = @now",
            c =>
            {
                c.AddParameter("@total", totalRows);
                c.AddParameter("@now", now);
            },
            cancellationToken);
    }

    public async Task SaveProgressAsync(ClaimedJob job, JobContext context, CancellationToken cancellationToken) =>
        await ExecuteOrThrowAsync(job, "completed_rows = @completed, failed_rows = @failed, errors = @errors, checkpoint = @checkpoint, updated_at = @now", c => AddProgress(c, context), cancellationToken);

    /// <summary>Ends the job with its final status and progress, and gives up the lease.</summary>
    public async Task<bool> FinishAsync(ClaimedJob job, JobContext context, JobStatus status, string? lastError, CancellationToken cancellationToken) =>
        await ExecuteAsync(
            job,
            "status = @status, completed_rows = @completed, failed_rows = @failed, errors = @errors, checkpoint = @checkpoint, last_error = @error, end_time = @now, updated_at = @now, lease_owner = NULL, lease_until = NULL",
            c =>
            {
                AddProgress(c, context);
                c.AddParameter("@status", JobStatuses.Of(status));
                c.AddParameter("@error", lastError);
            },
            cancellationToken);

    /// <summary>
    /// Puts the job back in the queue at once: after a failed attempt (<paramref name="lastError"/> set), or when this
    /// worker shuts down (the attempt is not counted then).
    /// </summary>
    public async Task<bool> ReleaseAsync(ClaimedJob job, string? lastError, bool countAttempt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await ExecuteAsync(
            job,
            $"status = 'queued', lease_owner = NULL, lease_until = NULL, last_error = COALESCE(@error, last_error), updated_at = @now{(countAttempt ? "" : ", attempts = attempts - 1")}",
            c =>
            {
                c.AddParameter("@error", lastError);
                c.AddParameter("@now", now);
            },
            cancellationToken);
    }

    private void AddProgress(DbCommand command, JobContext context)
    {
        command.AddParameter("@completed", context.CompletedRows);
        command.AddParameter("@failed", context.FailedRows);
        command.AddParameter("@errors", JobErrorsJson.Write(context.Errors));
        command.AddParameter("@checkpoint", context.Checkpoint);
        command.AddParameter("@now", clock.GetUtcNow().ToUnixTimeMilliseconds());
    }

    private async Task ExecuteOrThrowAsync(ClaimedJob job, string set, Action<DbCommand> parameters, CancellationToken cancellationToken)
    {
        if (!await ExecuteAsync(job, set, parameters, cancellationToken))
        {
            throw new JobLeaseLostException();
        }
    }

    private async Task<bool> ExecuteAsync(ClaimedJob job, string set, Action<DbCommand> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE background_jobs SET {set} WHERE id = @id AND lease_owner = @lease";
        command.AddParameter("@id", job.Id);
        command.AddParameter("@lease", job.LeaseOwner);
        parameters(command);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
