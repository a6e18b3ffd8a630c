namespace Waymark.Jobs.Schema;

/// <summary>One background job. Times are Unix milliseconds.</summary>
internal sealed class JobRow
{
    public long Id { get; set; }

    /// <summary>The id the API and dashboard show (<c>job_…</c>); the numeric id stays internal.</summary>
    public string PublicId { get; set; } = "";

    public long WorkspaceId { get; set; }

    public string Type { get; set; } = "";

    public string Status { get; set; } = "";

    public long TotalRows { get; set; }

    /// <summary>Rows handled so far, those that failed included.</summary>
    public long CompletedRows { get; set; }

    public long FailedRows { get; set; }

    /// <summary>Opaque to the queue: the handler writes and reads it, and seals any personal data in it itself.</summary>
    public byte[]? Payload { get; set; }

    /// <summary>The handler's progress state, written with the progress it stands for.</summary>
    public string? Checkpoint { get; set; }

    /// <summary>JSON array of <c>{row, error}</c>, capped at <see cref="JobOptions.MaxErrors"/>.</summary>
    public string? Errors { get; set; }

    /// <summary>Why the last attempt stopped (an exception type, never a value).</summary>
    public string? LastError { get; set; }

    public long CreatedAt { get; set; }

    public long? StartTime { get; set; }

    public long? EndTime { get; set; }

    /// <summary>A token unique to one claim, so a worker that lost its lease cannot write over its successor.</summary>
    public string? LeaseOwner { get; set; }

    public long? LeaseUntil { get; set; }

    public int Attempts { get; set; }

    public long UpdatedAt { get; set; }
}
