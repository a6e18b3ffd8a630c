using Waymark.Jobs.Running;

namespace Waymark.Jobs;

/// <summary>
/// One claimed job, as its handler sees it: what to do (<see cref="Payload"/>), where an earlier attempt got to
/// (<see cref="Checkpoint"/>, <see cref="CompletedRows"/>), and how to record progress durably.
/// </summary>
public sealed class JobContext
{
    private readonly JobStore _store;
    private readonly ClaimedJob _job;
    private readonly int _maxErrors;
    private readonly List<JobRowError> _errors;

    internal JobContext(JobStore store, ClaimedJob job, int maxErrors)
    {
        _store = store;
        _job = job;
        _maxErrors = maxErrors;
        _errors = [.. job.Errors];
        Checkpoint = job.Checkpoint;
        TotalRows = job.TotalRows;
        CompletedRows = job.CompletedRows;
        FailedRows = job.FailedRows;
    }

    public string JobId => _job.PublicId;

    public long WorkspaceId => _job.WorkspaceId;

    public string Type => _job.Type;

    /// <summary>What the job was enqueued with, unchanged.</summary>
    public ReadOnlyMemory<byte> Payload => _job.Payload;

    /// <summary>1 on the first run; more when an earlier worker died or the handler threw.</summary>
    public int Attempt => _job.Attempts;

    /// <summary>The checkpoint last saved, by this attempt or an earlier one; null before the first.</summary>
    public string? Checkpoint { get; private set; }

    public long TotalRows { get; private set; }

    /// <summary>Rows handled, failed ones included, as of the last saved progress and this attempt's since.</summary>
    public long CompletedRows { get; private set; }

    public long FailedRows { get; private set; }

    internal IReadOnlyList<JobRowError> Errors => _errors;

    /// <summary>Sets how many rows the job has, once the handler knows.</summary>
    public async Task SetTotalRowsAsync(long totalRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalRows);
        TotalRows = totalRows;
        await _store.SetTotalAsync(_job, totalRows, cancellationToken);
    }

    /// <summary>
    /// Records that a row failed; kept with the next saved progress (so a retried attempt does not record it twice).
    /// The message must not contain the row's values. Beyond <see cref="JobOptions.MaxErrors"/> failures are only counted.
    /// </summary>
    public void AddRowError(long row, string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        FailedRows++;
        if (_errors.Count < _maxErrors)
        {
            _errors.Add(new JobRowError(row, error.Length > JobLimits.ErrorMessage ? error[..JobLimits.ErrorMessage] : error));
        }
    }

    /// <summary>
    /// Saves progress durably: <paramref name="completedRows"/> rows handled (failed ones included), the row errors added
    /// since, and the handler's <paramref name="checkpoint"/> to resume from. Throws <see cref="JobLeaseLostException"/>
    /// when another worker has taken the job over.
    /// </summary>
    public async Task ReportProgressAsync(long completedRows, string? checkpoint, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(completedRows);
        CompletedRows = completedRows;
        Checkpoint = checkpoint;
        await _store.SaveProgressAsync(_job, this, cancellationToken);
    }
}
