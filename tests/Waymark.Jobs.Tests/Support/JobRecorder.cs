using System.Collections.Concurrent;

namespace Waymark.Jobs.Tests.Support;

/// <summary>What the test handlers did, per job id, and the gates tests open to let a waiting handler go on.</summary>
public sealed class JobRecorder
{
    public ConcurrentDictionary<string, int> Runs { get; } = new(StringComparer.Ordinal);

    /// <summary>The checkpoint each run started from, in order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string?>> StartCheckpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>Every row index a handler processed, repeats included.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<long>> Rows { get; } = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new(StringComparer.Ordinal);

    public TaskCompletionSource Gate(string jobId) => _gates.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Completes when the job's handler has reached its gate.</summary>
    public TaskCompletionSource Waiting(string jobId) => _waiting.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Started(JobContext context)
    {
        Runs.AddOrUpdate(context.JobId, 1, (_, n) => n + 1);
        StartCheckpoints.GetOrAdd(context.JobId, _ => new()).Enqueue(context.Checkpoint);
    }

    public void Processed(string jobId, long row) => Rows.GetOrAdd(jobId, _ => new()).Enqueue(row);
}
