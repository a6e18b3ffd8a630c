using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Waymark.Accounts.Passkeys;

/// <summary>
/// Which site passkeys belong to. With <see cref="AccountsOptions.PublicUrl"/> set, its host is the relying party and
/// its origin the only one accepted, whatever a proxy in front rewrote. Without it, the request's own host and origin
/// are used (a plain <c>waymark serve</c>, and the tests on <c>http://localhost:PORT</c>). Identity's default origin
/// check compares with the request's Origin header, which the Fetch standard has browsers send as <c>null</c> on a
/// same-origin POST under this site's <c>Referrer-Policy: no-referrer</c>; the expected origin is worked out here instead.
/// </summary>
internal sealed class PasskeyOrigins(IOptions<AccountsOptions> accounts) : IConfigureOptions<IdentityPasskeyOptions>
{
    public void Configure(IdentityPasskeyOptions options)
    {
        if (!string.IsNullOrWhiteSpace(accounts.Value.PublicUrl))
        {
            options.ServerDomain = new Uri(accounts.Value.PublicUrl).Host;
        }

        // Discoverable passkeys: the sign-in page asks for no address, the browser offers the person's passkeys.
        options.ResidentKeyRequirement = "required";

        // A passkey stands in for a password and a second factor at once, so the authenticator must verify the person.
        options.UserVerificationRequirement = "required";
        options.ValidateOrigin = context => ValueTask.FromResult(!context.CrossOrigin && IsOwnOrigin(context.Origin, context.HttpContext.Request));
    }

    private bool IsOwnOrigin(string? origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var claimed)
        && string.Equals(claimed.GetLeftPart(UriPartial.Authority), accounts.Value.BaseUrlFor(request).GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
}
