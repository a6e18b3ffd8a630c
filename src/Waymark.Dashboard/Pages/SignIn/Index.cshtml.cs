using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Setup;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.SignIn;

[AllowAnonymousBecause("The sign-in form: whoever is not signed in yet must reach it.")]
public sealed class IndexModel(AccountSignIn signIn, InstanceSetup setup) : DashboardPageModel
{
    /// <summary>Said for an unknown address and a wrong password alike, so the form does not tell who has an account.</summary>
    public const string WrongCredentials = "Email or password is wrong.";

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [Display(Name = "Email address")]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool SetUp { get; private set; } = true;

    public async Task<IActionResult> OnGetAsync()
    {
        if (User.Has(Permissions.AccountSelf))
        {
            return LocalRedirect(Destination());
        }

        SetUp = await setup.IsCompleteAsync(HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var attempt = await signIn.PasswordSignInAsync(HttpContext, Email, Password);
        switch (attempt.Outcome)
        {
            case SignInOutcome.Succeeded:
                return LocalRedirect(Destination());
            case SignInOutcome.RequiresTwoFactor:
                return RedirectToPage("/SignIn/TwoFactor", new { returnUrl = Destination() });
            case SignInOutcome.RequiresPasskey:
                return RedirectToPage("/SignIn/Passkey", new { returnUrl = Destination(), second = true });
            case SignInOutcome.SsoRequired:
                ModelState.AddModelError("", "Your workspace requires single sign-on. Use “Sign in with SSO” below with your work email address.");
                return Page();
            case SignInOutcome.LockedOut:
                ModelState.AddModelError("", LockedMessage(attempt.Lock));
                return Page();
            default:
                ModelState.AddModelError("", WrongCredentials);
                return Page();
        }
    }

    /// <summary>Says how long to wait, or who can help when only an unlock will do.</summary>
    public static string LockedMessage(ThrottleState? state) => state switch
    {
        { Permanent: true } => "This account is locked after too many failed sign-in attempts. An owner of your workspace can unlock it on the Members page.",
        { LockedUntil: { } until } => $"Too many failed attempts. Wait until {until:HH:mm} UTC, then try again.",
        _ => "Too many failed attempts. Wait a few minutes, then try again.",
    };

    /// <summary>Only a path on this site: an absolute URL would make the sign-in form an open redirect.</summary>
    private string Destination() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}
