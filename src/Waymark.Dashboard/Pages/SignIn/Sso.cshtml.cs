using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Waymark.Accounts.Sso;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.SignIn;

[AllowAnonymousBecause("The single sign-on entry: whoever is not signed in yet must reach it.")]
public sealed class SsoModel(SsoSignIn sso) : DashboardPageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your work email address.")]
    [StringLength(256, ErrorMessage = "An email address is at most 256 characters.")]
    [Display(Name = "Work email address")]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Set when the provider's answer did not lead to a sign-in (see the OpenID Connect handler's failure path).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Failed { get; set; }

    /// <summary>The provider's sign-in address, once the challenge produced it.</summary>
    public string? ProviderUrl { get; private set; }

    public IActionResult OnGet()
    {
        if (User.Has(Permissions.AccountSelf))
        {
            return LocalRedirect(LocalReturnUrl() ?? "/");
        }

        if (!string.IsNullOrEmpty(Failed))
        {
            ModelState.AddModelError("", "Your identity provider did not sign you in, or its answer could not be checked. Try again; if it keeps failing, ask your workspace owner to check the single sign-on settings.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Email!.Trim();
        if (await sso.SchemeForEmailAsync(email, HttpContext.RequestAborted) is not { } scheme)
        {
            ModelState.AddModelError(nameof(Email), "No workspace here uses single sign-on for addresses at this domain. Check the address, or sign in with your password.");
            return Page();
        }

        var properties = new AuthenticationProperties { RedirectUri = Url.Page("/SignIn/SsoComplete", new { returnUrl = LocalReturnUrl() }) };
        properties.SetParameter(SsoSignIn.LoginHintParameter, email);
        await HttpContext.ChallengeAsync(scheme, properties);

        // The handler answers with a redirect to the provider, which the dashboard's CSP (form-action 'self') forbids
        // as the outcome of a form post. The page takes the provider's address from it and navigates there itself:
        // a navigation the page starts is not a form submission.
        ProviderUrl = Response.Headers.Location.ToString();
        Response.Headers.Remove(HeaderNames.Location);
        Response.StatusCode = StatusCodes.Status200OK;
        Response.Headers["Refresh"] = "0; url=" + ProviderUrl;
        return Page();
    }

    /// <summary>Only a path on this site: an absolute URL would make single sign-on an open redirect.</summary>
    private string? LocalReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
}
