using Microsoft.AspNetCore.Identity;
using Waymark.Api;
using Waymark.Audit;
using Waymark.StaffAccess.Tickets;

namespace Waymark.Dashboard.Pages.SupportAccess;

/// <summary>
/// Staff access: every support ticket an operator opened for this workspace, pending, active and past, with the
/// reason and decisions. Every member sees it (transparency); deciding needs support:approve, on the ticket's page.
/// </summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel(UserManager<Accounts.People.Account> accounts, IAuditLog auditLog) : TicketPageModel(accounts, auditLog)
{
    internal IReadOnlyList<SupportTicket> Pending { get; private set; } = [];

    internal IReadOnlyList<SupportTicket> Active { get; private set; } = [];

    internal IReadOnlyList<SupportTicket> Past { get; private set; } = [];

    internal TicketTable PendingTable => new(this, "pending-tickets", "Tickets waiting for an owner", Pending);

    internal TicketTable ActiveTable => new(this, "active-tickets", "Tickets granting access now", Active);

    internal TicketTable PastTable => new(this, "past-tickets", "Denied, ended and expired tickets", Past);

    public async Task OnGetAsync()
    {
        var tickets = await Store.ListAsync(WorkspaceId, HttpContext.RequestAborted);
        await LoadNamesAsync(tickets);
        var now = Now;
        Pending = tickets.Where(t => t.StatusAt(now) == "requested").ToList();
        Active = tickets.Where(t => t.IsActiveAt(now)).ToList();
        Past = tickets.Except(Pending).Except(Active).ToList();
    }
}
