using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Sso;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.SignIn;

/// <summary>
/// Where the OpenID Connect handler sends the browser once the provider answered: finishes the sign-in and moves on.
/// </summary>
/// <remarks>
/// The session cookie is SameSite=Strict, and this request is still part of the redirect chain that the provider's
/// site started, so the browser would not send the new cookie on a plain redirect to the workspace: the person would
/// land on the sign-in form although signed in. The page therefore answers 200 and navigates onward itself (a Refresh
/// header, with a link as fallback): a navigation this site starts is same-site, and the Strict cookie goes along.
/// </remarks>
[AllowAnonymousBecause("Where the identity provider's answer lands: the person is not signed in yet.")]
public sealed class SsoCompleteModel(SsoSignIn sso) : DashboardPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Where the signed-in person goes next; null when the sign-in was refused.</summary>
    public string? Destination { get; private set; }

    public async Task OnGetAsync()
    {
        var outcome = await sso.CompleteAsync(HttpContext);
        if (outcome.Value is { } workspace)
        {
            Destination = !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.Any(char.IsControl) ? ReturnUrl : Url.Page("/Home/Overview", new { ws = workspace })!;
            Response.Headers["Refresh"] = "0; url=" + Destination;
        }
        else
        {
            ModelState.AddModelError("", outcome.Refusal!.Detail);
        }
    }
}
