namespace Waymark.Jobs;

/// <summary>
/// Runs the jobs of one <see cref="Type"/>. Register it as a singleton <see cref="IJobHandler"/>; only worker processes
/// that have a handler for a type claim jobs of that type.
/// </summary>
/// <remarks>
/// A handler must be idempotent: a job whose worker dies is run again by another worker from the last checkpoint it
/// saved with <see cref="JobContext.ReportProgressAsync"/>, so the rows after that checkpoint are processed a second
/// time. Save the checkpoint only after the rows it covers are durably done. Stop when the cancellation token fires:
/// the worker is shutting down or has lost the job's lease to another worker, and nothing more it writes is kept.
/// Row errors name the row index and the reason, never the row's values.
/// </remarks>
public interface IJobHandler
{
    /// <summary>The job type this handler runs, as given to <see cref="JobQueue.EnqueueAsync"/>.</summary>
    string Type { get; }

    Task RunAsync(JobContext context, CancellationToken cancellationToken);
}
