using System.Text.Json.Serialization;

namespace Waymark.Jobs.Http;

internal sealed record JobListResponse(
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobResponse> Jobs,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);

/// <summary>A job with Userpilot's field names; <c>failed_rows</c> and <c>created_at</c> are Waymark's additions.</summary>
internal sealed record JobResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("total_rows")] long TotalRows,
    [property: JsonPropertyName("completed_rows")] long CompletedRows,
    [property: JsonPropertyName("failed_rows")] long FailedRows,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("start_time")] DateTimeOffset? StartTime,
    [property: JsonPropertyName("end_time")] DateTimeOffset? EndTime,
    [property: JsonPropertyName("elapsed_time")] double? ElapsedTime,
    [property: JsonPropertyName("errors")] IReadOnlyList<JobRowError> Errors)
{
    public static JobResponse From(JobView job) => new(
        job.JobId,
        job.Type,
        JobStatuses.Of(job.Status),
        job.TotalRows,
        job.CompletedRows,
        job.FailedRows,
        job.CreatedAt,
        job.StartTime,
        job.EndTime,
        job.ElapsedSeconds,
        job.Errors);
}
