using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Setup;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Dashboard.Pages.Home;

/// <summary>
/// Needs no workspace permission: it creates a workspace rather than acting in one. The service refuses everyone
/// but the instance owner.
/// </summary>
[RequirePermission(Permissions.AccountSelf)]
public sealed class NewWorkspaceModel(InstanceSetup setup) : DashboardPageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Name the workspace.")]
    [StringLength(200, ErrorMessage = "A workspace name is at most 200 characters.")]
    [Display(Name = "Workspace name")]
    public string? Name { get; set; }

    /// <summary>The new workspace and its keys, shown once in the answer to the form.</summary>
    public CreatedWorkspace? Created { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await setup.CreateWorkspaceAsync(Caller, Name, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, refusal.Type == "invalid-name" ? nameof(Name) : "");
            return Page();
        }

        Created = outcome.Value;
        return Page();
    }
}
