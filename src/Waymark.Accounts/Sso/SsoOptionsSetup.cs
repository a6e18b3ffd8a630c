using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Waymark.Accounts.SignIn;

namespace Waymark.Accounts.Sso;

/// <summary>
/// Configures the OpenID Connect handler of each workspace scheme from its connection: the authorization code flow with
/// PKCE, the standard scopes, claims read from the user info endpoint under their own names, and the result handed to
/// Identity's external cookie for <see cref="SsoSignIn"/> to finish.
/// </summary>
internal sealed class SsoOptionsSetup(SsoSchemes schemes) : IConfigureNamedOptions<OpenIdConnectOptions>
{
    /// <summary>The challenge parameter that pre-fills the address on the provider's sign-in form.</summary>
    public const string LoginHintParameter = "login_hint";

    /// <summary>Where a sign-in the provider refused or that failed on the way back ends.</summary>
    public const string FailurePath = "/signin/sso?failed=provider";

    public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, OpenIdConnectOptions options)
    {
        if (name is null || schemes.SettingsFor(name) is not { } settings)
        {
            return;
        }

        options.Authority = settings.Issuer;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.CallbackPath = SsoSchemes.CallbackPath(settings.PublicId);

        // Per workspace like the callback, so that the schemes never compete for the handler's default sign-out paths.
        options.SignedOutCallbackPath = SsoSchemes.WorkspacePath(settings.PublicId, "signed-out");
        options.RemoteSignOutPath = SsoSchemes.WorkspacePath(settings.PublicId, "sign-out");
        options.SignInScheme = IdentityConstants.ExternalScheme;
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        options.Scope.Clear();
        options.Scope.Add(OpenIdConnectScope.OpenId);
        options.Scope.Add(OpenIdConnectScope.Email);
        options.Scope.Add("profile");
        options.RequireHttpsMetadata = !SsoInput.IsLoopback(new Uri(settings.Issuer));
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = false;
        options.ClaimActions.MapUniqueJsonKey(SsoClaims.EmailVerified, SsoClaims.EmailVerified);
        options.SaveTokens = false;

        // The provider sends the browser back with a top-level GET (query response mode), on which SameSite=Lax cookies
        // travel; the defaults (SameSite=None, Secure) would be dropped by browsers on a plain-http loopback setup.
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        options.Events = new OpenIdConnectEvents
        {
            OnRedirectToIdentityProvider = context =>
            {
                if (context.Properties.GetParameter<string>(LoginHintParameter) is { Length: > 0 } hint)
                {
                    context.ProtocolMessage.LoginHint = hint;
                }

                return Task.CompletedTask;
            },
            OnTicketReceived = context =>
            {
                context.Properties!.Items[SsoSchemes.WorkspaceItem] = settings.WorkspaceId.ToString(CultureInfo.InvariantCulture);
                return Task.CompletedTask;
            },
            OnRemoteFailure = async context =>
            {
                var signIn = context.HttpContext.RequestServices.GetRequiredService<AccountSignIn>();
                await signIn.RecordSsoFailureAsync(context.HttpContext, settings.WorkspaceId, null, "provider-error");
                context.Response.Redirect(FailurePath);
                context.HandleResponse();
            },
        };
    }
}

/// <summary>Claim names as the provider sends them (inbound mapping is off).</summary>
internal static class SsoClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
}
