using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Audit;
using Waymark.StaffAccess.Tickets;
using Waymark.Workspaces.Callers;

namespace Waymark.Dashboard.Pages.SupportAccess;

/// <summary>One support ticket: who asks, why, for what and how long, and its decisions; owners approve, deny or end it here.</summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class TicketModel(UserManager<Accounts.People.Account> accounts, IAuditLog auditLog) : TicketPageModel(accounts, auditLog)
{
    [FromRoute(Name = "id")]
    public long Id { get; set; }

    internal SupportTicket Ticket { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public Task<IActionResult> OnPostApproveAsync() => DecideAsync("approve", (caller, ws, id) => Store.ApproveAsync(caller, ws, id, HttpContext.RequestAborted), "approved: access is open now");

    public Task<IActionResult> OnPostDenyAsync() => DecideAsync("deny", (caller, ws, id) => Store.DenyAsync(caller, ws, id, HttpContext.RequestAborted), "denied");

    public Task<IActionResult> OnPostEndAsync() => DecideAsync("end", (caller, ws, id) => Store.EndAsync(caller, ws, id, HttpContext.RequestAborted), "ended: access stopped");

    private async Task<IActionResult> DecideAsync(string handler, Func<Caller, long, long, Task<Outcome<SupportTicket>>> transition, string done)
    {
        if (!CanDecide)
        {
            return await RefuseAsync(handler);
        }

        var outcome = await transition(Caller, WorkspaceId, Id);
        if (outcome.Value is { } ticket)
        {
            return Done($"Ticket #{ticket.Id} {done}.", "/SupportAccess/Ticket", new { ws = Ws, id = ticket.Id });
        }

        ShowRefusal(outcome.Refusal!);
        return await ShowAsync();
    }

    private async Task<IActionResult> ShowAsync()
    {
        if (await Store.FindAsync(WorkspaceId, Id, HttpContext.RequestAborted) is not { } ticket)
        {
            return NotFound();
        }

        Ticket = ticket;
        await LoadNamesAsync([ticket]);
        return Page();
    }
}
