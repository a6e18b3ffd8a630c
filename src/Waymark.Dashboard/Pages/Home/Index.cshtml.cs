using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Home;

[RequirePermission(Permissions.AccountSelf)]
public sealed class IndexModel(MemberDirectory members, UserManager<Accounts.People.Account> accounts) : DashboardPageModel
{
    public IReadOnlyList<MembershipView> Workspaces { get; private set; } = [];

    /// <summary>Only the instance owner creates workspaces; others are not offered a form that would refuse them.</summary>
    public bool IsInstanceOwner { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.FindFirstValue(WorkspaceClaims.ActorKind) == "operator")
        {
            // Operators belong to no workspace; their start page is the console where they ask for access.
            return RedirectToPage("/Operator/Index");
        }

        var accountId = AccountId!;
        Workspaces = await members.WorkspacesOfAsync(accountId, HttpContext.RequestAborted);
        IsInstanceOwner = await accounts.FindByIdAsync(accountId) is { IsInstanceOwner: true };
        return Page();
    }
}
