using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waymark.Accounts;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.StaffAccess.Tickets;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Dashboard.Pages.Operator;

/// <summary>
/// The operator console: the instance's workspaces (names and public ids only: operators see no workspace's data
/// here), a form to ask for access to one, and the operator's own tickets with links into workspaces they may enter
/// now. Every signed-in person may request the page; only operators are shown it.
/// </summary>
[RequirePermission(Permissions.AccountSelf)]
public sealed class IndexModel(WorkspaceService workspaces, TimeProvider clock, IOptions<AccountsOptions> accounts) : DashboardPageModel
{
    public static readonly IReadOnlyList<(int Minutes, string Label)> Durations =
    [
        (15, "15 minutes"), (30, "30 minutes"), (60, "1 hour"), (120, "2 hours"), (240, "4 hours"), (480, "8 hours"), (1440, "24 hours"), (2880, "48 hours"), (4320, "72 hours"),
    ];

    [BindProperty]
    [Display(Name = "Workspace")]
    public string? Workspace { get; set; }

    [BindProperty]
    [Display(Name = "Reason")]
    public string? Reason { get; set; }

    [BindProperty]
    public List<string> Scope { get; set; } = [];

    [BindProperty]
    [Display(Name = "Duration")]
    public int DurationMinutes { get; set; } = 60;

    public IReadOnlyList<WorkspaceSummary> Workspaces { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    internal IReadOnlyList<SupportTicket> Tickets { get; private set; } = [];

    private IReadOnlyDictionary<long, (string PublicId, string Name)> Names { get; set; } = new Dictionary<long, (string, string)>();

    internal static IReadOnlyList<string> Grantable => TicketScope.Grantable;

    /// <summary>Public id and name of a ticket's workspace.</summary>
    internal (string PublicId, string Name) WorkspaceOf(SupportTicket ticket) =>
        Names.TryGetValue(ticket.WorkspaceId, out var names) ? names : ("", "(deleted workspace)");

    /// <summary>Where a ticket lets its operator in: the first workspace page its scope opens.</summary>
    internal static string EntryPage(SupportTicket ticket, string publicId) =>
        $"/w/{publicId}/" + (ticket.Scope.Contains(Permissions.DataRead) && !ticket.Scope.Contains(Permissions.WorkspaceView) ? "people"
            : ticket.Scope.Contains(Permissions.AuditRead) && !ticket.Scope.Contains(Permissions.WorkspaceView) ? "audit"
            : "members");

    /// <summary>Resolved per request: the store is internal to Waymark.StaffAccess and scoped.</summary>
    private TicketStore Store => HttpContext.RequestServices.GetRequiredService<TicketStore>();

    private bool IsOperator => User.FindFirstValue(WorkspaceClaims.ActorKind) == "operator";

    public async Task<IActionResult> OnGetAsync()
    {
        if (!IsOperator)
        {
            return NotFound();
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostOpenAsync()
    {
        if (!IsOperator)
        {
            return NotFound();
        }

        var outcome = await Store.OpenAsync(Caller, Workspace, Reason, Scope, DurationMinutes, accounts.Value.BaseUrlFor(Request), HttpContext.RequestAborted);
        if (outcome.Value is { } ticket)
        {
            return Done($"Ticket #{ticket.Id} is open; the workspace's owners were asked to approve it.", "/Operator/Index");
        }

        var refusal = outcome.Refusal!;
        ShowRefusal(refusal, refusal.Type switch
        {
            "unknown-workspace" => nameof(Workspace),
            "invalid-reason" => nameof(Reason),
            "invalid-scope" => nameof(Scope),
            "invalid-duration" => nameof(DurationMinutes),
            _ => "",
        });
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        Workspaces = await workspaces.ListAsync(HttpContext.RequestAborted);
        Tickets = await Store.ListOfOperatorAsync(AccountId!, HttpContext.RequestAborted);
        Names = await workspaces.NamesAsync(Tickets.Select(t => t.WorkspaceId).Distinct().ToList(), HttpContext.RequestAborted);
    }
}
