using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Members;
using Waymark.Accounts.Mfa;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Account;

/// <summary>
/// The signed-in person's two-factor authentication: set up an authenticator app (QR code or typed key, confirmed by
/// a first code), recovery codes (shown once, in the response that made them), and turning it off.
/// </summary>
[RequirePermission(Permissions.AccountSelf)]
public sealed class SecurityModel(TotpEnrolment totp, MemberDirectory members) : DashboardPageModel
{
    [BindProperty]
    [Display(Name = "Code from the app")]
    public string? ConfirmCode { get; set; }

    [BindProperty]
    [Display(Name = "Current code from your app")]
    public string? RegenerateCode { get; set; }

    [BindProperty]
    [Display(Name = "Code from your app, or a recovery code")]
    public string? DisableCode { get; set; }

    public TotpStatus Status { get; private set; } = new(false, 0, null);

    /// <summary>Recovery codes just made: shown in this response only.</summary>
    public NewRecoveryCodes? NewCodes { get; private set; }

    /// <summary>Whether the new codes come with two-factor authentication just turned on (rather than regenerated).</summary>
    public bool JustEnabled { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostBeginAsync()
    {
        var outcome = await totp.BeginAsync(AccountId!, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal);
            await LoadAsync();
            return Page();
        }

        // The key is shown by the page itself while the setup waits for its first code, so a reload shows the same one.
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostConfirmAsync()
    {
        var outcome = await totp.ConfirmAsync(HttpContext, AccountId!, ConfirmCode);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, nameof(ConfirmCode));
        }
        else
        {
            NewCodes = outcome.Value;
            JustEnabled = true;
        }

        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostRegenerateAsync()
    {
        var outcome = await totp.RegenerateRecoveryCodesAsync(HttpContext, AccountId!, RegenerateCode);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, nameof(RegenerateCode));
        }
        else
        {
            NewCodes = outcome.Value;
        }

        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var outcome = await totp.DisableAsync(HttpContext, AccountId!, DisableCode);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, nameof(DisableCode));
            return await ShowAsync();
        }

        return Done("Two-factor authentication is off. Your other sessions were signed out.", "/Account/Security");
    }

    private async Task<IActionResult> ShowAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>Workspaces whose require-MFA policy holds this person out until they enrol.</summary>
    public IReadOnlyList<string> SuspendedIn { get; private set; } = [];

    private async Task LoadAsync()
    {
        Status = await totp.StatusAsync(AccountId!, HttpContext.RequestAborted);
        SuspendedIn = (await members.WorkspacesOfAsync(AccountId!, HttpContext.RequestAborted)).Where(w => w.Suspended).Select(w => w.WorkspaceName).ToList();
    }
}
