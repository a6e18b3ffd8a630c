using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waymark.Api;
using Waymark.Audit;
using Waymark.StaffAccess.Schema;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.StaffAccess.Tickets;

/// <summary>
/// Opens, decides, ends and expires support tickets, for the operator console, the owners' pages, the API and the
/// access middleware. Every transition is one conditional update on the ticket's current state, so two owners
/// clicking at once cannot both decide, and is audited in the workspace's chain (never with the reason).
/// </summary>
internal sealed class TicketStore(StaffAccessContexts contexts, WorkspaceService workspaces, TicketMail mail, IAuditLog audit, TimeProvider clock)
{
    private const string TargetType = "support-ticket";
    private const int ListLimit = 200;

    /// <summary>An operator asks for access to a workspace; its owners are emailed a link to the ticket.</summary>
    public async Task<Outcome<SupportTicket>> OpenAsync(Caller caller, string? workspacePublicId, string? reason, IReadOnlyCollection<string>? scope, int durationMinutes, Uri baseUrl, CancellationToken cancellationToken = default)
    {
        if (caller.Actor is not { Kind: AuditActorKind.Operator, Id: { } operatorId })
        {
            return Refusal.Forbidden("Only instance operators open support tickets; members already reach their workspaces.");
        }

        var workspaceId = string.IsNullOrEmpty(workspacePublicId) ? null : await workspaces.FindIdAsync(workspacePublicId, cancellationToken);
        if (workspaceId is null)
        {
            return Refusal.Invalid("unknown-workspace", "Unknown workspace", "Choose one of the workspaces listed on the operator console.");
        }

        reason = reason?.Trim() ?? "";
        if (reason.Length is 0 or > TicketScope.MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return Refusal.Invalid("invalid-reason", "Say why you need access", $"Write the reason in at most {TicketScope.MaxReasonLength} characters, such as the support request you are answering; the workspace's owners read it before they decide.");
        }

        var granted = TicketScope.Parse(scope);
        if (granted.Refusal is { } scopeRefusal)
        {
            return scopeRefusal;
        }

        if (durationMinutes is < TicketScope.MinMinutes or > TicketScope.MaxMinutes)
        {
            return Refusal.Invalid("invalid-duration", "Invalid duration", $"Ask for {TicketScope.MinMinutes} minutes to {TicketScope.MaxMinutes / 60} hours; the window starts when an owner approves.");
        }

        var row = new TicketRow
        {
            WorkspaceId = workspaceId.Value,
            OperatorId = operatorId,
            Reason = reason,
            Scope = TicketScope.Format(granted.Value!),
            DurationMinutes = durationMinutes,
            State = TicketStates.Requested,
            RequestedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await using (var db = contexts.Create())
        {
            db.Tickets.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.RecordAsync(caller.Audit(row.WorkspaceId, AuditActions.SupportTicketOpened, AuditOutcome.Success, TargetType, Id(row.Id), new Dictionary<string, string>
        {
            ["scope"] = row.Scope,
            ["duration_minutes"] = row.DurationMinutes.ToString(CultureInfo.InvariantCulture),
        }), cancellationToken);
        var ticket = SupportTicket.From(row);
        await mail.NotifyOwnersAsync(ticket, workspacePublicId!, baseUrl, cancellationToken);
        return ticket;
    }

    public Task<Outcome<SupportTicket>> ApproveAsync(Caller caller, long workspaceId, long ticketId, CancellationToken cancellationToken = default) =>
        DecideAsync(caller, workspaceId, ticketId, TicketStates.Approved, AuditActions.SupportTicketApproved, cancellationToken);

    public Task<Outcome<SupportTicket>> DenyAsync(Caller caller, long workspaceId, long ticketId, CancellationToken cancellationToken = default) =>
        DecideAsync(caller, workspaceId, ticketId, TicketStates.Denied, AuditActions.SupportTicketDenied, cancellationToken);

    /// <summary>An owner ends an approved ticket before its window is over; access stops with the operator's next request.</summary>
    public async Task<Outcome<SupportTicket>> EndAsync(Caller caller, long workspaceId, long ticketId, CancellationToken cancellationToken = default)
    {
        if (await CheckDeciderAsync(caller, workspaceId, ticketId, cancellationToken) is { Refusal: { } refusal })
        {
            return refusal;
        }

        await ExpireDueAsync(workspaceId, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var kind = AuditNames.Of(caller.Actor.Kind);
        await using var db = contexts.Create();
        var ended = await db.Tickets.Where(t => t.Id == ticketId && t.WorkspaceId == workspaceId && t.State == TicketStates.Approved && t.EndsAt > now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, TicketStates.Ended)
                .SetProperty(t => t.EndedAt, now)
                .SetProperty(t => t.EndedByKind, kind)
                .SetProperty(t => t.EndedById, caller.Actor.Id)
                .SetProperty(t => t.EndReason, TicketEndReasons.Revoked), cancellationToken);
        var row = await db.Tickets.AsNoTracking().FirstAsync(t => t.Id == ticketId, cancellationToken);
        if (ended != 1)
        {
            return Refusal.Conflict("ticket-not-active", "Ticket not in use", $"Only an approved ticket whose window is still open can be ended; this one is {SupportTicket.From(row).StatusAt(clock.GetUtcNow())}.");
        }

        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SupportTicketEnded, AuditOutcome.Success, TargetType, Id(ticketId), new Dictionary<string, string> { ["reason"] = TicketEndReasons.Revoked }), cancellationToken);
        return SupportTicket.From(row);
    }

    /// <summary>
    /// Records the end of every approved ticket whose window is over (of one workspace, or of all), each exactly once
    /// however many requests or workers notice it at the same moment; answers how many this call ended.
    /// </summary>
    public async Task<int> ExpireDueAsync(long? workspaceId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = contexts.Create();
        var query = db.Tickets.AsNoTracking().Where(t => t.State == TicketStates.Approved && t.EndsAt <= now);
        if (workspaceId is { } only)
        {
            query = query.Where(t => t.WorkspaceId == only);
        }

        var due = await query.Select(t => new { t.Id, t.WorkspaceId }).ToListAsync(cancellationToken);
        var expired = 0;
        foreach (var ticket in due)
        {
            var updated = await db.Tickets.Where(t => t.Id == ticket.Id && t.State == TicketStates.Approved)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.State, TicketStates.Ended)
                    .SetProperty(t => t.EndedAt, t => t.EndsAt)
                    .SetProperty(t => t.EndedByKind, AuditNames.Of(AuditActorKind.System))
                    .SetProperty(t => t.EndReason, TicketEndReasons.Expired), cancellationToken);
            if (updated == 1)
            {
                expired++;
                await audit.RecordAsync(
                    new AuditEvent(ticket.WorkspaceId, AuditActions.SupportTicketEnded, AuditActor.System, AuditOutcome.Success, TargetType, Id(ticket.Id), Details: new Dictionary<string, string> { ["reason"] = TicketEndReasons.Expired }),
                    cancellationToken);
            }
        }

        return expired;
    }

    /// <summary>The operator's ticket in use for the workspace now, if any (the one ending last when several are).</summary>
    public async Task<SupportTicket?> ActiveAsync(string operatorId, long workspaceId, CancellationToken cancellationToken = default)
    {
        await ExpireDueAsync(workspaceId, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = contexts.Create();
        var row = await db.Tickets.AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.OperatorId == operatorId && t.State == TicketStates.Approved && t.EndsAt > now)
            .OrderByDescending(t => t.EndsAt).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : SupportTicket.From(row);
    }

    /// <summary>A workspace's tickets, newest first.</summary>
    public async Task<IReadOnlyList<SupportTicket>> ListAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        await ExpireDueAsync(workspaceId, cancellationToken);
        await using var db = contexts.Create();
        var rows = await db.Tickets.AsNoTracking().Where(t => t.WorkspaceId == workspaceId).OrderByDescending(t => t.Id).Take(ListLimit).ToListAsync(cancellationToken);
        return rows.Select(SupportTicket.From).ToList();
    }

    /// <summary>An operator's own tickets across workspaces, newest first.</summary>
    public async Task<IReadOnlyList<SupportTicket>> ListOfOperatorAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.Create();
        var rows = await db.Tickets.AsNoTracking().Where(t => t.OperatorId == operatorId).OrderByDescending(t => t.Id).Take(ListLimit).ToListAsync(cancellationToken);
        return rows.Select(SupportTicket.From).ToList();
    }

    public async Task<SupportTicket?> FindAsync(long workspaceId, long ticketId, CancellationToken cancellationToken = default)
    {
        await ExpireDueAsync(workspaceId, cancellationToken);
        await using var db = contexts.Create();
        var row = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId && t.WorkspaceId == workspaceId, cancellationToken);
        return row is null ? null : SupportTicket.From(row);
    }

    /// <summary>Ends every ticket of a disabled operator that is requested or in use; answers how many.</summary>
    public async Task<int> EndAllOfOperatorAsync(string operatorId, CancellationToken cancellationToken = default)
    {
        await ExpireDueAsync(null, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = contexts.Create();
        var open = await db.Tickets.AsNoTracking().Where(t => t.OperatorId == operatorId && (t.State == TicketStates.Requested || t.State == TicketStates.Approved))
            .Select(t => new { t.Id, t.WorkspaceId, t.State }).ToListAsync(cancellationToken);
        var ended = 0;
        foreach (var ticket in open)
        {
            var updated = await db.Tickets.Where(t => t.Id == ticket.Id && t.State == ticket.State)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(t => t.State, TicketStates.Ended)
                    .SetProperty(t => t.EndedAt, now)
                    .SetProperty(t => t.EndedByKind, AuditNames.Of(AuditActorKind.System))
                    .SetProperty(t => t.EndReason, TicketEndReasons.OperatorDisabled), cancellationToken);
            if (updated == 1)
            {
                ended++;
                await audit.RecordAsync(
                    new AuditEvent(ticket.WorkspaceId, AuditActions.SupportTicketEnded, AuditActor.System, AuditOutcome.Success, TargetType, Id(ticket.Id), Details: new Dictionary<string, string> { ["reason"] = TicketEndReasons.OperatorDisabled }),
                    cancellationToken);
            }
        }

        return ended;
    }

    private async Task<Outcome<SupportTicket>> DecideAsync(Caller caller, long workspaceId, long ticketId, string decision, string action, CancellationToken cancellationToken)
    {
        var check = await CheckDeciderAsync(caller, workspaceId, ticketId, cancellationToken);
        if (check.Refusal is { } refusal)
        {
            return refusal;
        }

        var ticket = check.Value!;
        var now = clock.GetUtcNow();
        long? endsAt = decision == TicketStates.Approved ? (now + ticket.Duration).ToUnixTimeMilliseconds() : null;
        var kind = AuditNames.Of(caller.Actor.Kind);
        await using var db = contexts.Create();
        var decided = await db.Tickets.Where(t => t.Id == ticketId && t.WorkspaceId == workspaceId && t.State == TicketStates.Requested)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, decision)
                .SetProperty(t => t.DecidedAt, now.ToUnixTimeMilliseconds())
                .SetProperty(t => t.DecidedByKind, kind)
                .SetProperty(t => t.DecidedById, caller.Actor.Id)
                .SetProperty(t => t.EndsAt, endsAt), cancellationToken);
        var row = await db.Tickets.AsNoTracking().FirstAsync(t => t.Id == ticketId, cancellationToken);
        if (decided != 1)
        {
            return Refusal.Conflict("ticket-already-decided", "Ticket already decided", $"Only a requested ticket can be approved or denied; this one is {SupportTicket.From(row).StatusAt(now)}. An operator who still needs access opens a new ticket.");
        }

        var details = new Dictionary<string, string> { ["scope"] = row.Scope };
        if (endsAt is { } ends)
        {
            details["ends_at"] = DateTimeOffset.FromUnixTimeMilliseconds(ends).ToString("O", CultureInfo.InvariantCulture);
        }

        await audit.RecordAsync(caller.Audit(workspaceId, action, AuditOutcome.Success, TargetType, Id(ticketId), details), cancellationToken);
        return SupportTicket.From(row);
    }

    /// <summary>The ticket, if the caller may decide on it: they hold support:approve and are not an operator.</summary>
    private async Task<Outcome<SupportTicket>> CheckDeciderAsync(Caller caller, long workspaceId, long ticketId, CancellationToken cancellationToken)
    {
        if (!caller.Has(Permissions.SupportApprove))
        {
            return Refusal.Forbidden("Deciding on a support ticket needs the support:approve permission, which the workspace's owners hold.");
        }

        await using var db = contexts.Create();
        var row = await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId && t.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return Refusal.NotFound("Support ticket");
        }

        if (caller.Actor.Kind == AuditActorKind.Operator)
        {
            return Refusal.Forbidden("An operator never decides on a support ticket, their own least of all: the workspace's owners do.");
        }

        return SupportTicket.From(row);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
