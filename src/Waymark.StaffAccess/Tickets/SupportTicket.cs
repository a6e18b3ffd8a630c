using Waymark.Audit;
using Waymark.StaffAccess.Schema;

namespace Waymark.StaffAccess.Tickets;

/// <summary>A support-access ticket as pages and the API show it.</summary>
internal sealed record SupportTicket(
    long Id,
    long WorkspaceId,
    string OperatorId,
    string Reason,
    IReadOnlyList<string> Scope,
    int DurationMinutes,
    string State,
    DateTimeOffset RequestedAt,
    TicketStep? Decision,
    DateTimeOffset? EndsAt,
    TicketStep? End,
    string? EndReason)
{
    public TimeSpan Duration => TimeSpan.FromMinutes(DurationMinutes);

    /// <summary>When access started: the approval.</summary>
    public DateTimeOffset? StartsAt => State is TicketStates.Approved or TicketStates.Ended && Decision is not null ? Decision.At : null;

    public bool IsActiveAt(DateTimeOffset now) => State == TicketStates.Approved && EndsAt > now;

    /// <summary>
    /// What a person should read: <c>requested</c>, <c>active</c>, <c>denied</c>, <c>ended</c> or <c>expired</c>. An
    /// approved ticket past its window reads as expired even before its end has been recorded.
    /// </summary>
    public string StatusAt(DateTimeOffset now) => State switch
    {
        TicketStates.Approved => IsActiveAt(now) ? "active" : "expired",
        TicketStates.Ended => EndReason == TicketEndReasons.Expired ? "expired" : "ended",
        _ => State,
    };

    public static SupportTicket From(TicketRow row) => new(
        row.Id,
        row.WorkspaceId,
        row.OperatorId,
        row.Reason,
        TicketScope.Read(row.Scope),
        row.DurationMinutes,
        row.State,
        DateTimeOffset.FromUnixTimeMilliseconds(row.RequestedAt),
        TicketStep.Of(row.DecidedAt, row.DecidedByKind, row.DecidedById),
        row.EndsAt is { } ends ? DateTimeOffset.FromUnixTimeMilliseconds(ends) : null,
        TicketStep.Of(row.EndedAt, row.EndedByKind, row.EndedById),
        row.EndReason);
}

/// <summary>A decision or an end: who (as the audit log names actors) and when.</summary>
internal sealed record TicketStep(AuditActor By, DateTimeOffset At)
{
    public static TicketStep? Of(long? at, string? kind, string? id) =>
        at is { } time && AuditNames.TryParseActorKind(kind, out var parsed)
            ? new TicketStep(new AuditActor(parsed, id), DateTimeOffset.FromUnixTimeMilliseconds(time))
            : null;
}
