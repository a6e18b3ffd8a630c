namespace Waymark.Jobs.Running;

/// <summary>A job as a claim returned it; <see cref="LeaseOwner"/> is this claim's token, checked by every later write.</summary>
internal sealed record ClaimedJob(
    long Id,
    string PublicId,
    long WorkspaceId,
    string Type,
    byte[] Payload,
    string? Checkpoint,
    long TotalRows,
    long CompletedRows,
    long FailedRows,
    IReadOnlyList<JobRowError> Errors,
    int Attempts,
    string LeaseOwner);
