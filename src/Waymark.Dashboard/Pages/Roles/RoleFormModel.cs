using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Roles;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Roles;

/// <summary>The name and permission boxes that the new-role and edit-role pages share.</summary>
public abstract class RoleFormModel : WorkspacePageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Name the role.")]
    [StringLength(60, ErrorMessage = "A role name is at most 60 characters.")]
    [Display(Name = "Role name")]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Grants { get; set; } = [];

    /// <summary>Each permission a role may be built from, with what it allows.</summary>
    public static IEnumerable<(string Name, string Description)> Assignable =>
        RoleCatalog.AssignablePermissions.Select(p => (p, Permissions.Descriptions[p]));

    /// <summary>Permissions the person lacks cannot go into a role they define; the boxes say so before the service refuses.</summary>
    public bool Holds(string permission) => User.Has(permission);

    protected void ShowRoleRefusal(Refusal refusal) => ShowRefusal(refusal, refusal.Type == "role-exists" ? nameof(Name) : "");

    /// <summary>The checks the form can make itself, so that their messages sit next to their fields.</summary>
    protected bool IsValidForm()
    {
        if (Grants.Count == 0)
        {
            ModelState.AddModelError(nameof(Grants), "Choose at least one permission.");
        }

        return ModelState.IsValid;
    }
}
