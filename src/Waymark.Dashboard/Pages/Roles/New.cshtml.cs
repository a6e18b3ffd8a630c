using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Roles;
using Waymark.Api;

namespace Waymark.Dashboard.Pages.Roles;

[RequirePermission(Permissions.MembersManage)]
public sealed class NewModel(RoleCatalog roles) : RoleFormModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        if (!IsValidForm())
        {
            return Page();
        }

        var outcome = await roles.CreateAsync(Caller, WorkspaceId, Name, Grants, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRoleRefusal(refusal);
            return Page();
        }

        return Done($"The role {outcome.Value!.Name} was created.", "/Roles/Index", new { ws = Ws });
    }
}
