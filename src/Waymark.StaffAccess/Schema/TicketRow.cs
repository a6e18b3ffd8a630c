namespace Waymark.StaffAccess.Schema;

/// <summary>
/// One support-access ticket. Times are Unix milliseconds; the access window runs from <see cref="DecidedAt"/> (the
/// approval) to <see cref="EndsAt"/>, unless <see cref="EndedAt"/> comes first. Who decided or ended it is an actor
/// kind and pseudonymous id, as in the audit log.
/// </summary>
internal sealed class TicketRow
{
    public long Id { get; set; }

    public long WorkspaceId { get; set; }

    public string OperatorId { get; set; } = "";

    /// <summary>Shown to the workspace's members; never audited or logged (it is free text).</summary>
    public string Reason { get; set; } = "";

    /// <summary>The permissions granted while the ticket is in use, space-separated.</summary>
    public string Scope { get; set; } = "";

    public int DurationMinutes { get; set; }

    public string State { get; set; } = "";

    public long RequestedAt { get; set; }

    public long? DecidedAt { get; set; }

    public string? DecidedByKind { get; set; }

    public string? DecidedById { get; set; }

    public long? EndsAt { get; set; }

    public long? EndedAt { get; set; }

    public string? EndedByKind { get; set; }

    public string? EndedById { get; set; }

    public string? EndReason { get; set; }
}
