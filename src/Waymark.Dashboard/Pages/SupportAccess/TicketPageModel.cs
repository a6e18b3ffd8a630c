using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Dashboard.Pages.Shared;
using Waymark.StaffAccess.Tickets;

namespace Waymark.Dashboard.Pages.SupportAccess;

/// <summary>
/// What the staff-access pages share: the ticket store, names for the ids a ticket stores (the operator, who decided,
/// who ended it), and refusing a decision to someone without support:approve.
/// </summary>
public abstract class TicketPageModel(UserManager<Accounts.People.Account> accounts, IAuditLog auditLog) : WorkspacePageModel
{
    public bool CanDecide => User.Has(Permissions.SupportApprove);

    public DateTimeOffset Now => HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>Resolved per request: the store is internal to Waymark.StaffAccess and scoped.</summary>
    private protected TicketStore Store => HttpContext.RequestServices.GetRequiredService<TicketStore>();

    private Dictionary<string, string> Emails { get; } = new(StringComparer.Ordinal);

    /// <summary>A person as the page names them: their email, or the stored kind and id when it is not a person.</summary>
    internal string Who(AuditActor actor) => actor.Kind switch
    {
        AuditActorKind.System => "Waymark",
        AuditActorKind.Member or AuditActorKind.Operator when actor.Id is { } id && Emails.TryGetValue(id, out var email) => email,
        _ => $"{AuditNames.Of(actor.Kind)} {actor.Id}",
    };

    internal string OperatorOf(SupportTicket ticket) => Who(new AuditActor(AuditActorKind.Operator, ticket.OperatorId));

    private protected async Task LoadNamesAsync(IEnumerable<SupportTicket> tickets)
    {
        var ids = tickets.SelectMany(t => new[] { t.OperatorId, t.Decision?.By.Id, t.End?.By.Id }).OfType<string>().Distinct().ToList();
        var found = await accounts.Users.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Email }).ToListAsync(HttpContext.RequestAborted);
        foreach (var account in found)
        {
            Emails[account.Id] = account.Email ?? account.Id;
        }
    }

    /// <summary>Refuses a decision to someone who may see the page but not decide, audited as a refused page is.</summary>
    private protected async Task<IActionResult> RefuseAsync(string handler)
    {
        await auditLog.RecordAsync(
            AuditEvents.FromRequest(HttpContext, AuditActions.AccessDenied, AuditOutcome.Denied, "endpoint", "POST /w/{ws}/support-access/{id}?handler=" + handler, new Dictionary<string, string> { ["permission"] = Permissions.SupportApprove }),
            HttpContext.RequestAborted);
        return StatusCode(StatusCodes.Status403Forbidden);
    }
}
