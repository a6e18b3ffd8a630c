using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;

namespace Waymark.Accounts.Sessions;

/// <summary>Ends sessions: deleting the rows signs the browsers out on their next request, on every node.</summary>
internal sealed class SessionRevoker(AccountContexts contexts)
{
    /// <summary>
    /// The claim naming the session a request came with. The ticket store adds it (in an identity of its own) each
    /// time it reads a session: the ticket itself does not know the key it is stored under.
    /// </summary>
    private const string SessionIdClaim = "waymark:session-id";

    public static string? CurrentSessionId(ClaimsPrincipal user) => user.FindFirstValue(SessionIdClaim);

    /// <summary>Without an authentication type: the identity names the session, it does not authenticate anyone.</summary>
    internal static ClaimsIdentity IdentityFor(string sessionId) => new([new Claim(SessionIdClaim, sessionId)]);

    internal static bool IsSessionIdentity(ClaimsIdentity identity) => identity.HasClaim(c => c.Type == SessionIdClaim);

    public async Task<int> RevokeAllAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.Create();
        return await db.Sessions.Where(s => s.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Ends every session of the signed-in person but the one making the request (after a password or MFA change).
    /// Without a current session (a request not made with the session cookie) that is every session.
    /// </summary>
    public async Task<int> RevokeOthersAsync(ClaimsPrincipal user, string accountId, CancellationToken cancellationToken = default)
    {
        var current = CurrentSessionId(user);
        await using var db = contexts.Create();
        return await db.Sessions.Where(s => s.AccountId == accountId && s.Id != current).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<bool> RevokeAsync(string accountId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.Create();
        return await db.Sessions.Where(s => s.AccountId == accountId && s.Id == sessionId).ExecuteDeleteAsync(cancellationToken) > 0;
    }
}
