using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;

namespace Waymark.Accounts.Passkeys;

/// <summary>
/// When each passkey last signed someone in. Identity's passkey record has no such field, so the time is kept in
/// Identity's per-account token table, one row per passkey (keyed by its fingerprint), removed with the passkey.
/// </summary>
internal sealed class PasskeyUsage(AccountContexts contexts, TimeProvider clock)
{
    private const string Provider = "waymark:passkey-last-used";

    public async Task RecordUseAsync(string accountId, byte[] credentialId, CancellationToken cancellationToken)
    {
        var key = PasskeyIds.Fingerprint(credentialId);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await using var db = contexts.Create();
        var updated = await db.UserTokens.Where(t => t.UserId == accountId && t.LoginProvider == Provider && t.Name == key)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, now), cancellationToken);
        if (updated > 0)
        {
            return;
        }

        db.UserTokens.Add(new IdentityUserToken<string> { UserId = accountId, LoginProvider = Provider, Name = key, Value = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another sign-in with the same passkey inserted the row first; its time is as good as ours.
        }
    }

    /// <summary>Last-use times of the account's passkeys, by fingerprint.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastUsedAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var rows = await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == accountId && t.LoginProvider == Provider)
            .Select(t => new { t.Name, t.Value })
            .ToListAsync(cancellationToken);
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (long.TryParse(row.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                times[row.Name] = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }

        return times;
    }

    public async Task ForgetAsync(string accountId, byte[] credentialId, CancellationToken cancellationToken)
    {
        var key = PasskeyIds.Fingerprint(credentialId);
        await using var db = contexts.Create();
        await db.UserTokens.Where(t => t.UserId == accountId && t.LoginProvider == Provider && t.Name == key).ExecuteDeleteAsync(cancellationToken);
    }
}
