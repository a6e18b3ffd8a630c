using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.SignIn;

[AllowAnonymousBecause("Signing out ends only the caller's own session; it needs no permission.")]
public sealed class SignOutModel(AccountSignIn signIn) : DashboardPageModel
{
    /// <summary>
    /// A link or an image must not sign anyone out: only the form (with its antiforgery token) does. The status page
    /// that follows explains where the button is.
    /// </summary>
    public IActionResult OnGet()
    {
        Response.Headers.Allow = HttpMethods.Post;
        return StatusCode(StatusCodes.Status405MethodNotAllowed);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync(HttpContext, AccountId);
        return RedirectToPage("/SignIn/Index");
    }
}
