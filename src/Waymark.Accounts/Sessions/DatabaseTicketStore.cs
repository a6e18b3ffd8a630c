using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;

namespace Waymark.Accounts.Sessions;

/// <summary>
/// Keeps sign-in sessions in the database; the cookie carries only a random session id. That is what lets an owner
/// end someone's sessions at once (offboarding, password change) on every node, and lets a person list their sessions.
/// Tickets are protected with Data Protection at rest, like the cookie would have been.
/// </summary>
internal sealed class DatabaseTicketStore(AccountContexts contexts, IDataProtectionProvider dataProtection, TimeProvider clock) : ITicketStore
{
    /// <summary>How often a session's last-seen time is written; finer resolution would cost a write per page view.</summary>
    private const long LastSeenResolutionMs = 60_000;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Waymark.Accounts.Sessions.v1");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var row = new SessionRow
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            AccountId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
            Ticket = Protect(ticket),
            CreatedAt = now.ToUnixTimeMilliseconds(),
            LastSeenAt = now.ToUnixTimeMilliseconds(),
            ExpiresAt = (ticket.Properties.ExpiresUtc ?? now.AddHours(12)).ToUnixTimeMilliseconds(),
            SourceIp = httpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(httpContext?.Request.Headers.UserAgent.ToString(), 300),
        };
        await using var db = contexts.Create();
        db.Sessions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return row.Id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var now = clock.GetUtcNow();
        await db.Sessions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Ticket, Protect(ticket))
            .SetProperty(x => x.LastSeenAt, now.ToUnixTimeMilliseconds())
            .SetProperty(x => x.ExpiresAt, (ticket.Properties.ExpiresUtc ?? now.AddHours(12)).ToUnixTimeMilliseconds()), cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var row = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key, cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (row is null || row.ExpiresAt <= now)
        {
            return null;
        }

        if (now - row.LastSeenAt >= LastSeenResolutionMs)
        {
            await db.Sessions.Where(s => s.Id == key).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(row.Ticket));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        await db.Sessions.Where(s => s.Id == key).ExecuteDeleteAsync(cancellationToken);
    }

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));

    private static string? Truncate(string? value, int length) => string.IsNullOrEmpty(value) ? null : value.Length <= length ? value : value[..length];
}
