namespace Waymark.Jobs;

/// <summary>Where a job stands; the API names are Userpilot's (<see cref="JobStatuses.Of"/>).</summary>
public enum JobStatus
{
    Queued,
    Processing,
    Completed,
    PartiallyCompleted,
    Failed,
}

public static class JobStatuses
{
    public static string Of(JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Processing => "processing",
        JobStatus.Completed => "completed",
        JobStatus.PartiallyCompleted => "partially_completed",
        JobStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static JobStatus Parse(string name) => name switch
    {
        "queued" => JobStatus.Queued,
        "processing" => JobStatus.Processing,
        "completed" => JobStatus.Completed,
        "partially_completed" => JobStatus.PartiallyCompleted,
        "failed" => JobStatus.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a job status."),
    };

    /// <summary>Queued or processing: the job still moves.</summary>
    public static bool IsUnfinished(JobStatus status) => status is JobStatus.Queued or JobStatus.Processing;

    /// <summary>The final status of a job whose handler returned: every handled row failed, some did, or none.</summary>
    internal static JobStatus Final(long completedRows, long failedRows) =>
        failedRows == 0 ? JobStatus.Completed
        : failedRows >= completedRows ? JobStatus.Failed
        : JobStatus.PartiallyCompleted;
}
