using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Waymark.Jobs.Running;
using Waymark.Jobs.Schema;

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
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(type.Length, JobLimits.Type);
        ArgumentOutOfRangeException.ThrowIfNegative(totalRows);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new JobRow
        {
            PublicId = "job_" + RandomNumberGenerator.GetHexString(24, lowercase: true),
            WorkspaceId = workspaceId,
            Type = type,
            Status = JobStatuses.Of(JobStatus.Queued),
            TotalRows = totalRows,
            Payload = payload.ToArray(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await _store.InsertAsync(row, cancellationToken);
        _signal.Notify();
        return row.PublicId;
    }
}
