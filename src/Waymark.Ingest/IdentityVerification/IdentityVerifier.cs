using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Waymark.Api;

namespace Waymark.Ingest.IdentityVerification;

/// <summary>
/// Refuses a browser call that names a user it cannot prove it is, when the workspace verifies identities. Server keys
/// are trusted (they never ship to browsers); anonymous visitors have random ids nobody can guess.
/// </summary>
internal sealed class IdentityVerifier(IdentityVerificationSettings settings, TimeProvider clock)
{
    public const string Header = BrowserClients.SignatureHeader;

    /// <summary>
    /// Null when the request may go on. <paramref name="userIds"/> are the users the request names; a call naming
    /// neither a user nor an anonymous visitor (a company on its own) counts as unprovable.
    /// </summary>
    public async ValueTask<ProblemHttpResult?> CheckAsync(HttpContext context, long workspaceId, IReadOnlyCollection<string?> userIds, bool unattributed)
    {
        if (context.User.FindFirstValue(WorkspaceClaims.ActorKind) != "write-key"
            || await settings.ActiveSecretAsync(workspaceId, context.RequestAborted) is not { } secret)
        {
            return null;
        }

        if (unattributed)
        {
            return Refuse("identity-required", "Identity required", "This workspace verifies identities: browser calls must name a signed user or an anonymous visitor. Send company-only calls from your server with a server key.");
        }

        var named = userIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (named.Count == 0)
        {
            return null;
        }

        var signature = context.Request.Headers[Header].ToString();
        if (signature.Length == 0)
        {
            return Refuse("signature-required", "User signature required", $"This workspace verifies identities: send the user's signature from your backend in the {Header} header (waymark.identify(id, traits, {{ signature }})).");
        }

        if (named.Count > 1)
        {
            return Refuse("one-user-per-request", "One user per request", "A signed browser request may name one user only. Send each user's calls separately.");
        }

        return await UserSignature.VerifyAsync(secret, named[0], signature, clock.GetUtcNow())
            ? null
            : Refuse("invalid-signature", "Invalid user signature", "The signature does not match this user id: sign the exact user id with the workspace's current secret (HMAC-SHA256, hex), or send an HS256 JWT with sub = the user id that has not expired and lives at most 24 hours.");
    }

    private static ProblemHttpResult Refuse(string type, string title, string detail) =>
        Problems.Create(StatusCodes.Status401Unauthorized, type, title, detail);
}
