using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.SignIn;

/// <summary>
/// Sign-in with a passkey, with no address or password typed: <c>assets/passkeys.js</c> fetches the WebAuthn request
/// options from the <c>requestOptions</c> handler, lets the browser ask the person for their passkey, and posts the
/// answer with the form. Also the second step after a right password when the account's second factor is a passkey.
/// </summary>
[AllowAnonymousBecause("Signing in with a passkey: whoever is not signed in yet must reach it.")]
public sealed class PasskeyModel(AccountSignIn signIn) : DashboardPageModel
{
    public const string NotAccepted = "That passkey did not sign you in. Try again and choose a passkey saved for this site, or sign in with your password.";

    /// <summary>The browser's answer to the request options (<c>credential.toJSON()</c>), filled in by the script.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Sent here by the password form: the password was right and the passkey is the second factor.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Second { get; set; }

    public IActionResult OnGet() => User.Has(Permissions.AccountSelf) ? LocalRedirect(Destination()) : Page();

    /// <summary>For the script: the WebAuthn request options as JSON.</summary>
    public async Task<IActionResult> OnPostRequestOptionsAsync() => Content(await signIn.PasskeyRequestOptionsAsync(), "application/json");

    public async Task<IActionResult> OnPostAsync()
    {
        var attempt = await signIn.PasskeySignInAsync(HttpContext, Credential);
        if (attempt.Outcome == SignInOutcome.Succeeded)
        {
            return LocalRedirect(Destination());
        }

        ModelState.Remove(nameof(Credential));
        Credential = null;
        ModelState.AddModelError("", attempt.Outcome switch
        {
            SignInOutcome.LockedOut => IndexModel.LockedMessage(attempt.Lock),
            SignInOutcome.SsoRequired => "Your workspace requires single sign-on. Sign in with SSO from the sign-in page, with your work email address.",
            _ => NotAccepted,
        });
        return Page();
    }

    /// <summary>Only a path on this site: an absolute URL would make the sign-in form an open redirect.</summary>
    private string Destination() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
