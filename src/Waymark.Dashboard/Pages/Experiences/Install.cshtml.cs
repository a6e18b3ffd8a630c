using Waymark.Experiences.Delivery;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Waymark.Accounts;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Workspaces.ApiKeys;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// What a customer pastes into their app to show flows and checklists. Write keys are stored hashed, so the snippet
/// carries a placeholder unless a key was just issued here, and then only in this one response.
/// </summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class InstallModel(KeyService keys, IOptions<AccountsOptions> accounts) : ExperiencePageModel
{
    public const string Placeholder = "WRITE_KEY";

    [BindProperty]
    [Range(0, 720, ErrorMessage = "The overlap is 0 to 720 hours.")]
    [Display(Name = "Current write keys keep working for (hours)")]
    public int OverlapHours { get; set; } = 720;

    public bool CanManageKeys => User.Has(Permissions.KeysManage);

    /// <summary>The address the SDK is served from and sends to: this dashboard's public address.</summary>
    public string BaseUrl => accounts.Value.BaseUrlFor(Request).ToString().TrimEnd('/');

    /// <summary>A write key issued by this request, shown once.</summary>
    public string? NewKey { get; private set; }

    public string ScriptTags => $"<script src=\"{BaseUrl}/sdk/waymark.js\"></script><script src=\"/your-app.js\"></script>";

    /// <summary>The same SDK pinned to this server's build: cached for a year, checked by the browser with subresource integrity.</summary>
    public string PinnedScriptTag
    {
        get
        {
            var bundle = Service<SdkBundle>();
            return $"<script src=\"{BaseUrl}{bundle.VersionedPath}\" integrity=\"{bundle.Integrity}\" crossorigin=\"anonymous\"></script>";
        }
    }

    public string InitCode(string key) => $"waymark.initialize(\"{key}\", {{ endpoint: \"{BaseUrl}\" }});\nwaymark.identify(userId, traits);";

    public async Task<IActionResult> OnPostIssueKeyAsync()
    {
        if (!CanManageKeys)
        {
            return await RefuseAsync("/w/{ws}/experiences/install?handler=issuekey", Permissions.KeysManage);
        }

        if (ModelState.IsValid)
        {
            var outcome = await keys.RotateWriteKeyAsync(Caller, WorkspaceId, TimeSpan.FromHours(OverlapHours), HttpContext.RequestAborted);
            if (outcome.Value is { } created)
            {
                NewKey = created.Secret;
            }
            else
            {
                ShowRefusal(outcome.Refusal!, nameof(OverlapHours));
            }
        }

        return Page();
    }
}
