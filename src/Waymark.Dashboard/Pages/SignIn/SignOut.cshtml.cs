using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Sessions;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.SignIn;

[AllowAnonymousBecause("Signing out ends only the caller's own sessions; it needs no permission.")]
public sealed class SignOutModel(AccountSignIn signIn, AccountSessions sessions) : DashboardPageModel
{
    /// <summary>
    /// Offers the two ways out. A link or an image must not sign anyone out: only the forms (with their antiforgery
    /// token) do.
    /// </summary>
    public IActionResult OnGet() => User.Has(Permissions.AccountSelf) ? Page() : RedirectToPage("/SignIn/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync(HttpContext, AccountId);
        return RedirectToPage("/SignIn/Index");
    }

    /// <summary>Ends every session of the account, this one included: for a lost device or a shared computer left signed in.</summary>
    public async Task<IActionResult> OnPostEverywhereAsync()
    {
        if (!User.Has(Permissions.AccountSelf))
        {
            return RedirectToPage("/SignIn/Index");
        }

        var ended = await sessions.RevokeAllAsync(HttpContext);
        await signIn.SignOutAsync(HttpContext, AccountId);
        return Done($"You were signed out on all devices ({ended} {(ended == 1 ? "session" : "sessions")} ended).", "/SignIn/Index");
    }
}
