namespace Waymark.Jobs;

/// <summary>A job as the API and dashboard show it.</summary>
public sealed record JobView(
    string JobId,
    string Type,
    JobStatus Status,
    long TotalRows,
    long CompletedRows,
    long FailedRows,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    double? ElapsedSeconds,
    IReadOnlyList<JobRowError> Errors);

/// <summary>One page of jobs, newest first; <see cref="NextCursor"/> fetches the older ones.</summary>
public sealed record JobPage(IReadOnlyList<JobView> Jobs, string? NextCursor);
