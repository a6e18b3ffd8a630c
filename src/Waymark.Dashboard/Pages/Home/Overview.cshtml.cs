using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Workspaces.ApiKeys;

namespace Waymark.Dashboard.Pages.Home;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class OverviewModel(MemberDirectory members, KeyService keys) : WorkspacePageModel
{
    public MembershipView Workspace { get; private set; } = null!;

    public int Members { get; private set; }

    public int ActiveKeys { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var mine = await members.WorkspacesOfAsync(AccountId!, HttpContext.RequestAborted);
        if (mine.FirstOrDefault(w => w.WorkspaceId == WorkspaceId) is not { } workspace)
        {
            return NotFound();
        }

        Workspace = workspace;
        Members = (await members.MembersAsync(WorkspaceId, HttpContext.RequestAborted)).Count;
        ActiveKeys = (await keys.ListAsync(WorkspaceId, HttpContext.RequestAborted)).Count(k => k.State is "active" or "retiring");
        return Page();
    }
}
