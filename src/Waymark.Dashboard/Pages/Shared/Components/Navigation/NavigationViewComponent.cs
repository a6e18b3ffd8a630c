using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.StaffAccess.Access;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Dashboard.Pages.Shared.Components.Navigation;

/// <summary>
/// The side navigation: the workspace switcher and the current workspace's pages, listing only the pages the person's
/// role (or an operator's support ticket) lets them open (a hidden link is not a permission check; the pages check again).
/// </summary>
public sealed class NavigationViewComponent(MemberDirectory members, WorkspaceService workspaceNames) : ViewComponent
{
    private const string SupportTicketRole = "support-ticket";

    private static readonly IReadOnlyList<NavigationLink> WorkspaceLinks =
    [
        new("Overview", "/Home/Overview", Permissions.WorkspaceView, "/Home/Overview"),
        new("Members", "/Members/Index", Permissions.WorkspaceView, "/Members/", "/Invitations/Invite"),
        new("Roles", "/Roles/Index", Permissions.WorkspaceView, "/Roles/"),
        new("Keys", "/Keys/Index", Permissions.KeysManage, "/Keys/"),
        new("Settings", "/Settings/Index", Permissions.SettingsManage, "/Settings/"),
        new("Sign-in policies", "/Policies/Index", Permissions.SettingsManage, "/Policies/"),
        new("Firewall", "/Firewall/Index", Permissions.WorkspaceView, "/Firewall/"),
        new("Single sign-on", "/Sso/Index", Permissions.SettingsManage, "/Sso/"),
        new("Audit log", "/Audit/Index", Permissions.AuditRead, "/Audit/"),
        new("Incidents", "/Incidents/Index", Permissions.SecurityManage, "/Incidents/"),
        new("Access reviews", "/AccessReviews/Index", Permissions.SecurityManage, "/AccessReviews/"),
        new("Staff access", "/SupportAccess/Index", Permissions.WorkspaceView, "/SupportAccess/"),
        new("Segments", "/Segments/Index", Permissions.WorkspaceView, "/Segments/"),
        new("Flows", "/Experiences/Flows/Index", Permissions.WorkspaceView, "/Experiences/Flows/"),
        new("Checklists", "/Experiences/Checklists/Index", Permissions.WorkspaceView, "/Experiences/Checklists/"),
        new("Surveys", "/Experiences/Surveys/Index", Permissions.WorkspaceView, "/Experiences/Surveys/"),
        new("Install the SDK", "/Experiences/Install", Permissions.WorkspaceView, "/Experiences/Install"),
        new("Identity verification", "/Settings/IdentityVerification", Permissions.WorkspaceView, "/Settings/IdentityVerification"),
        new("Analytics", "/Analytics/Trends", Permissions.AnalyticsRead, "/Analytics/"),
        new("People", "/People/Index", Permissions.DataRead, "/People/"),
        new("Background jobs", "/Jobs/Index", Permissions.WorkspaceView, "/Jobs/"),
    ];

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = UserClaimsPrincipal;
        var accountId = user.FindFirstValue(WorkspaceClaims.ActorId);
        var workspaces = accountId is null ? [] : await members.WorkspacesOfAsync(accountId, HttpContext.RequestAborted);
        var ws = RouteData.Values["ws"] as string;
        var current = user.FindFirstValue(WorkspaceClaims.WorkspacePublicId) == ws ? workspaces.FirstOrDefault(w => w.WorkspacePublicId == ws) : null;
        if (current is null && ws is not null && user.FindFirstValue(StaffAccessClaims.Ticket) is { } ticket && WorkspaceClaims.TryWorkspaceIdOf(user) is { } underTicket)
        {
            // An operator is no member: the workspace they are in under a ticket is named by the ticket instead.
            var names = await workspaceNames.NamesAsync([underTicket], HttpContext.RequestAborted);
            current = new MembershipView(underTicket, ws, names[underTicket].Name, SupportTicketRole, $"Support ticket #{ticket}");
        }

        // The overview describes the person's own membership, which an operator under a ticket does not have.
        var links = current is null ? [] : WorkspaceLinks.Where(link => user.Has(link.Permission) && !(current.RoleKey == SupportTicketRole && link.Page == "/Home/Overview")).ToList();
        return View(new NavigationView(workspaces, current, links, RouteData.Values["page"] as string, user.Has(Permissions.InstanceOperate)));
    }
}

/// <summary>A navigation entry; <paramref name="Section"/> lists the pages (or page-name prefixes) it stands for.</summary>
public sealed record NavigationLink(string Label, string Page, string Permission, params string[] Section);

/// <summary>
/// What the navigation shows: the person's workspaces, the current one and its links, the current page, and whether
/// the person runs the installation (operators, the instance owner), who see its pages too.
/// </summary>
public sealed record NavigationView(IReadOnlyList<MembershipView> Workspaces, MembershipView? Current, IReadOnlyList<NavigationLink> Links, string? CurrentPage, bool Operates)
{
    /// <summary>Sub-pages (a member, a role, the invitation form) mark their section as the current one.</summary>
    public bool IsCurrent(NavigationLink link) =>
        CurrentPage is { } page && link.Section.Any(prefix => page.StartsWith(prefix, StringComparison.Ordinal));
}
