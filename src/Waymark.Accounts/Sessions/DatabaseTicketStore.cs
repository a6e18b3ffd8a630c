using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Accounts.Schema;
using Waymark.Api;

namespace Waymark.Accounts.Sessions;

/// <summary>
/// Keeps sign-in sessions in the database; the cookie carries only a random session id. That is what lets an owner
/// end someone's sessions at once (offboarding, password change) on every node, and lets a person list their sessions.
/// Tickets are protected with Data Protection at rest, like the cookie would have been.
/// </summary>
/// <remarks>
/// Both limits are enforced here rather than by the cookie handler: the handler extends a ticket's expiry whenever it
/// renews it (Identity renews every security-stamp check), so only the row's creation time gives an absolute limit,
/// and only the row's last use gives an idle limit that holds on every node.
/// </remarks>
internal sealed class DatabaseTicketStore(AccountContexts contexts, IDataProtectionProvider dataProtection, TimeProvider clock, IOptions<AccountsOptions> options) : ITicketStore
{
    /// <summary>How often a session's last-seen time is written; finer resolution would cost a write per page view.</summary>
    private const long LastSeenResolutionMs = 60_000;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Waymark.Accounts.Sessions.v1");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new SessionRow
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            AccountId = AccountOf(ticket),
            Ticket = Protect(ticket),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = Math.Min(now + (long)options.Value.SessionLifetime.TotalMilliseconds, ticket.Properties.ExpiresUtc?.ToUnixTimeMilliseconds() ?? long.MaxValue),
            SourceIp = httpContext is null ? null : SourceAddress.Of(httpContext)?.ToString(),
            UserAgent = Truncate(httpContext?.Request.Headers.UserAgent.ToString(), 300),
            Method = SignInMethods.Of(ticket.Principal),
        };
        await using var db = contexts.Create();
        await DeleteEndedAsync(db, row.AccountId, now, cancellationToken);
        db.Sessions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    /// <summary>
    /// Replaces the ticket and never moves the expiry. The cookie handler also calls this when someone signs in on a
    /// browser that still holds a live session; if that is another account, the row becomes a new sign-in of that
    /// account, so that it is listed, limited and revoked as theirs.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var accountId = AccountOf(ticket);
        var protectedTicket = Protect(ticket);
        var renewed = await db.Sessions.Where(s => s.Id == key && s.AccountId == accountId).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Ticket, protectedTicket)
            .SetProperty(x => x.LastSeenAt, now), cancellationToken);
        if (renewed == 0)
        {
            await db.Sessions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.AccountId, accountId)
                .SetProperty(x => x.Ticket, protectedTicket)
                .SetProperty(x => x.CreatedAt, now)
                .SetProperty(x => x.LastSeenAt, now)
                .SetProperty(x => x.ExpiresAt, now + (long)options.Value.SessionLifetime.TotalMilliseconds)
                .SetProperty(x => x.Method, SignInMethods.Of(ticket.Principal)), cancellationToken);
        }
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (HasEnded(row.ExpiresAt, row.LastSeenAt, now))
        {
            await db.Sessions.Where(s => s.Id == key).ExecuteDeleteAsync(cancellationToken);
            return null;
        }

        if (now - row.LastSeenAt >= LastSeenResolutionMs)
        {
            await db.Sessions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }

        AuthenticationTicket? ticket;
        try
        {
            ticket = TicketSerializer.Default.Deserialize(_protector.Unprotect(row.Ticket));
        }
        catch (CryptographicException)
        {
            return null;
        }

        ticket?.Principal.AddIdentity(SessionRevoker.IdentityFor(key));
        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        await db.Sessions.Where(s => s.Id == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether a session with these times is over, by the absolute or the idle limit.</summary>
    internal bool HasEnded(long expiresAt, long lastSeenAt, long now) =>
        expiresAt <= now || now - lastSeenAt > (long)options.Value.SessionIdleTimeout.TotalMilliseconds;

    /// <summary>Sessions nobody will use again stay until someone looks; a new sign-in of the same account clears them.</summary>
    private async Task DeleteEndedAsync(AccountsDbContext db, string accountId, long now, CancellationToken cancellationToken)
    {
        var idleSince = now - (long)options.Value.SessionIdleTimeout.TotalMilliseconds;
        await db.Sessions.Where(s => s.AccountId == accountId && (s.ExpiresAt <= now || s.LastSeenAt < idleSince)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The session id identity is added on every read; it must not be stored inside the ticket itself.</summary>
    private byte[] Protect(AuthenticationTicket ticket)
    {
        var identities = ticket.Principal.Identities.Where(i => !SessionRevoker.IsSessionIdentity(i)).ToList();
        var stored = identities.Count == ticket.Principal.Identities.Count()
            ? ticket
            : new AuthenticationTicket(new ClaimsPrincipal(identities), ticket.Properties, ticket.AuthenticationScheme);
        return _protector.Protect(TicketSerializer.Default.Serialize(stored));
    }

    private static string AccountOf(AuthenticationTicket ticket) => ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    private static string? Truncate(string? value, int length) => string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
