using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Ingest.IdentityVerification;

namespace Waymark.Dashboard.Pages.Settings;

/// <summary>
/// Identity verification: whether browser calls naming a user must carry the signature the customer's backend made
/// for it. Everyone in the workspace sees the state; creating or replacing the secret and turning it on or off need
/// settings:manage. A new secret is shown in the response that created it, and never again.
/// </summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class IdentityVerificationModel(IAuditLog auditLog) : WorkspacePageModel
{
    public bool Enabled { get; private set; }

    public bool SecretSet { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>The secret just created or replaced: the only response that holds it.</summary>
    public string? NewSecret { get; private set; }

    public bool CanManage => User.Has(Permissions.SettingsManage);

    private IdentityVerificationSettings Settings => Service<IdentityVerificationSettings>();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostSecretAsync()
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        NewSecret = await Settings.RotateSecretAsync(Caller, WorkspaceId, HttpContext.RequestAborted);
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEnabledAsync(bool on)
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        var outcome = await Settings.SetEnabledAsync(Caller, WorkspaceId, on, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal);
            await LoadAsync();
            return Page();
        }

        var notice = on
            ? "Identity verification is on: browser calls naming a user without a valid signature are refused."
            : "Identity verification is off: browser calls are accepted without a signature.";
        return Done(notice, "/Settings/IdentityVerification", new { ws = Ws });
    }

    private async Task LoadAsync()
    {
        var state = await Settings.GetAsync(WorkspaceId, HttpContext.RequestAborted);
        Enabled = state.Enabled;
        SecretSet = state.SecretSet;
        UpdatedAt = state.UpdatedAt;
    }

    /// <summary>Null for those who may change the setting; otherwise an audited 403, as the page itself let them in.</summary>
    private async Task<IActionResult?> RefuseAsync()
    {
        if (CanManage)
        {
            return null;
        }

        await auditLog.RecordAsync(
            AuditEvents.FromRequest(HttpContext, AuditActions.AccessDenied, AuditOutcome.Denied, "endpoint", "POST " + Request.Path, new Dictionary<string, string> { ["permission"] = Permissions.SettingsManage }),
            HttpContext.RequestAborted);
        return StatusCode(StatusCodes.Status403Forbidden);
    }
}
