using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Policies;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Policies;

[RequirePermission(Permissions.SettingsManage)]
public sealed class IndexModel(WorkspacePolicies policies, MfaPolicy mfa) : WorkspacePageModel
{
    public PolicyView Policy { get; private set; } = new(false, false, false, null);

    public IReadOnlyList<MemberCompliance> Members { get; private set; } = [];

    /// <summary>Whether the signed-in owner could turn the MFA requirement on: they need a second factor themselves.</summary>
    public bool HasOwnSecondFactor { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostMfaAsync(bool require) => ChangeAsync(require, null);

    public Task<IActionResult> OnPostSsoAsync(bool require) => ChangeAsync(null, require);

    private async Task<IActionResult> ChangeAsync(bool? requireMfa, bool? requireSso)
    {
        var outcome = await policies.ChangeAsync(Caller, HttpContext, WorkspaceId, requireMfa, requireSso, HttpContext.RequestAborted);
        if (outcome.Value is { } change)
        {
            var notice = requireMfa switch
            {
                true => $"Two-factor authentication is now required. {Count(change.Suspended)} without it {(change.Suspended == 1 ? "was" : "were")} suspended and emailed.",
                false => $"Two-factor authentication is no longer required. {Count(change.Reinstated)} {(change.Reinstated == 1 ? "was" : "were")} reinstated.",
                _ => requireSso == true
                    ? "Single sign-on is now required: members sign in through your identity provider. Owners keep password sign-in as a break-glass path, and each such sign-in is audited."
                    : "Single sign-on is no longer required: members may sign in with a password again.",
            };
            return Done(notice, "/Policies/Index", new { ws = Ws });
        }

        ShowRefusal(outcome.Refusal!);
        await LoadAsync();
        return Page();
    }

    private static string Count(int count) => count == 1 ? "1 member" : $"{count} members";

    private async Task LoadAsync()
    {
        Policy = await policies.GetAsync(WorkspaceId, HttpContext.RequestAborted);
        Members = await policies.ComplianceAsync(WorkspaceId, HttpContext.RequestAborted);
        HasOwnSecondFactor = AccountId is { } id && await mfa.HasSecondFactorAsync(id, HttpContext.RequestAborted);
    }
}
