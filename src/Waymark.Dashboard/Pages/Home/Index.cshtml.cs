using Microsoft.AspNetCore.Identity;
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

    public async Task OnGetAsync()
    {
        var accountId = AccountId!;
        Workspaces = await members.WorkspacesOfAsync(accountId, HttpContext.RequestAborted);
        IsInstanceOwner = await accounts.FindByIdAsync(accountId) is { IsInstanceOwner: true };
    }
}
