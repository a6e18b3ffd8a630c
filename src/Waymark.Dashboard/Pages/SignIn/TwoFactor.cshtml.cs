using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.SignIn;

/// <summary>
/// The second sign-in step after a right password: a code from the authenticator app, or (for a lost phone) one of
/// the recovery codes. Who is signing in is carried by Identity's short-lived two-factor cookie, not by the form.
/// </summary>
[AllowAnonymousBecause("The second sign-in step: the person gave the right password but is not signed in until the code is right.")]
public sealed class TwoFactorModel(AccountSignIn signIn, SignInManager<Accounts.People.Account> identity) : DashboardPageModel
{
    public const string WrongCode = "That code is not right, or was already used. Enter the code your app shows now; if you just used it, wait for the next one.";

    public const string WrongRecoveryCode = "That recovery code is not right, or was already used. Each recovery code works once.";

    [BindProperty]
    [Display(Name = "Authenticator code")]
    public string? Code { get; set; }

    [BindProperty]
    [Display(Name = "Recovery code")]
    public string? RecoveryCode { get; set; }

    /// <summary>Whether the person chose to use a recovery code instead of the app.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Recovery { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.Has(Permissions.AccountSelf))
        {
            return LocalRedirect(Destination());
        }

        return await identity.GetTwoFactorAuthenticationUserAsync() is null ? StartAgain() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var submitted = Recovery ? RecoveryCode : Code;
        var field = Recovery ? nameof(RecoveryCode) : nameof(Code);
        if (string.IsNullOrWhiteSpace(submitted))
        {
            ModelState.AddModelError(field, Recovery ? "Enter one of your recovery codes." : "Enter the 6-digit code from your authenticator app.");
            return Page();
        }

        if (await identity.GetTwoFactorAuthenticationUserAsync() is null)
        {
            // The two-factor cookie lasts minutes; past that the password has to be given again.
            return StartAgain();
        }

        var attempt = await signIn.TwoFactorSignInAsync(HttpContext, submitted, Recovery);
        switch (attempt.Outcome)
        {
            case SignInOutcome.Succeeded:
                return LocalRedirect(Destination());
            case SignInOutcome.LockedOut:
                ModelState.AddModelError("", IndexModel.LockedMessage(attempt.Lock));
                return Page();
            default:
                ModelState.AddModelError(field, Recovery ? WrongRecoveryCode : WrongCode);
                return Page();
        }
    }

    private RedirectToPageResult StartAgain() => RedirectToPage("/SignIn/Index", new { returnUrl = Destination() });

    /// <summary>Only a path on this site: an absolute URL would make the sign-in form an open redirect.</summary>
    private string Destination() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
