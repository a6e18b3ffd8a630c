using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Roles;
using Waymark.Api;

namespace Waymark.Dashboard.Pages.Roles;

[RequirePermission(Permissions.MembersManage)]
public sealed class EditModel(RoleCatalog roles) : RoleFormModel
{
    /// <summary>A custom role's key, such as <c>custom:12</c>; the colon arrives percent-encoded and is decoded by routing.</summary>
    [FromRoute(Name = "key")]
    public string Key { get; set; } = "";

    public RoleView Role { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await roles.FindAsync(WorkspaceId, Key, HttpContext.RequestAborted) is not { BuiltIn: false } role)
        {
            return NotFound();
        }

        Role = role;
        Name = role.Name;
        Grants = [.. role.Permissions];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await roles.FindAsync(WorkspaceId, Key, HttpContext.RequestAborted) is not { BuiltIn: false } role)
        {
            return NotFound();
        }

        Role = role;
        if (!IsValidForm())
        {
            return Page();
        }

        var outcome = await roles.UpdateAsync(Caller, WorkspaceId, Key, Name, Grants, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRoleRefusal(refusal);
            return Page();
        }

        return Done($"The role {outcome.Value!.Name} was saved; members who have it get the change on their next page.", "/Roles/Index", new { ws = Ws });
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        if (await roles.FindAsync(WorkspaceId, Key, HttpContext.RequestAborted) is not { BuiltIn: false } role)
        {
            return NotFound();
        }

        var outcome = await roles.DeleteAsync(Caller, WorkspaceId, Key, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            Role = role;
            Name = role.Name;
            Grants = [.. role.Permissions];
            ModelState.Clear();
            ShowRefusal(refusal);
            return Page();
        }

        return Done($"The role {role.Name} was deleted.", "/Roles/Index", new { ws = Ws });
    }
}
