using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Waymark.Jobs.Running;
using Waymark.Storage;

namespace Waymark.Jobs;

/// <summary>Enqueues background jobs; a worker in any process claims them, this process's at once.</summary>
[SuppressMessage("Naming", "CA1711", Justification = "It is the queue of jobs, and the name the job handlers of issue 6 use.")]
public sealed class JobQueue
{
    private readonly JobStore _store;
    private readonly JobSignal _signal;
    private readonly TimeProvider _clock;

    internal JobQueue(JobStore store, JobSignal signal, TimeProvider clock)
    {
        _store = store;
        _signal = signal;
        _clock = clock;
    }

    /// <summary>
    /// Stores a queued job and answers its id (<c>job_…</c>). <paramref name="payload"/> is kept as given and handed to
    /// the handler of <paramref name="type"/>; seal any personal data in it before enqueueing.
    /// </summary>
    public async Task<string> EnqueueAsync(long workspaceId, string type, ReadOnlyMemory<byte> payload, long totalRows, CancellationToken cancellationToken = default)
    {
        string jobId;
        await using (var connection = await _store.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            jobId = await EnqueueWithinAsync(transaction, workspaceId, type, payload, totalRows, [], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        Wake();
        return jobId;
    }

    /// <summary>
    /// Stores a queued job inside the caller's <paramref name="transaction"/>, so that the job exists exactly when the
    /// caller's other writes do. Rows already known to be bad are recorded as failed up front. Call <see cref="Wake"/>
    /// after the commit so that a worker here claims it at once rather than at its next poll.
    /// </summary>
    public async Task<string> EnqueueWithinAsync(DbTransaction transaction, long workspaceId, string type, ReadOnlyMemory<byte> payload, long totalRows, IReadOnlyList<JobRowError> failedRows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(type.Length, JobLimits.Type);
        ArgumentOutOfRangeException.ThrowIfNegative(totalRows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failedRows.Count, totalRows);
        var publicId = NewPublicId();
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO background_jobs (job_id, workspace_id, type, status, total_rows, completed_rows, failed_rows, payload, errors, created_at, updated_at, attempts)
            VALUES (@id, @w, @type, @status, @total, @failed, @failed, @payload, @errors, @now, @now, 0)
            """;
        command.AddParameter("@id", publicId);
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@type", type);
        command.AddParameter("@status", JobStatuses.Of(JobStatus.Queued));
        command.AddParameter("@total", totalRows);
        command.AddParameter("@failed", (long)failedRows.Count);
        command.AddParameter("@payload", payload.ToArray());
        command.AddParameter("@errors", JobErrorsJson.Write(failedRows));
        command.AddParameter("@now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return publicId;
    }

    /// <summary>Tells this process's worker that a job committed by <see cref="EnqueueWithinAsync"/> is waiting.</summary>
    public void Wake() => _signal.Notify();

    private static string NewPublicId() => "job_" + RandomNumberGenerator.GetHexString(24, lowercase: true);
}
