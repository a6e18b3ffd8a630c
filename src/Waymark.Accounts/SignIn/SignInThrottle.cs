using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Accounts.Schema;

namespace Waymark.Accounts.SignIn;

/// <summary>Whether attempts are held back, until when, and whether only an unlock will lift it.</summary>
public sealed record ThrottleState(DateTimeOffset? LockedUntil, bool Permanent)
{
    public static readonly ThrottleState Open = new(null, false);

    public bool IsLocked => Permanent || LockedUntil is not null;
}

/// <summary>What one failure did: the state it left and whether it started a new lock (which is audited).</summary>
internal sealed record FailureResult(string Scope, int Failures, ThrottleState State, bool NewlyLocked);

/// <summary>
/// Progressive lockout for password, authenticator-code and recovery-code attempts alike, counted per account and per
/// source address so that neither guessing one account from many addresses nor many accounts from one address pays.
/// Counts live in the database so that every node and every restart sees the same wait.
/// </summary>
internal sealed class SignInThrottle(AccountContexts contexts, IOptions<AccountsOptions> options, TimeProvider clock)
{
    private LockoutOptions Options => options.Value.Lockout;

    public static string AccountKey(string accountId) => "account:" + accountId;

    public static string? AddressKey(IPAddress? address) => address is null ? null : "address:" + address;

    public async Task<ThrottleState> CheckAsync(string? accountId, IPAddress? address, CancellationToken cancellationToken)
    {
        var keys = Keys(accountId, address);
        await using var db = contexts.Create();
        var rows = await db.Throttles.AsNoTracking().Where(t => keys.Contains(t.Key)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (rows.Any(r => r.LockedPermanently))
        {
            return new ThrottleState(null, true);
        }

        var until = rows.Where(r => r.LockedUntil > now).Select(r => r.LockedUntil).DefaultIfEmpty(0).Max();
        return until > 0 ? new ThrottleState(DateTimeOffset.FromUnixTimeMilliseconds(until), false) : ThrottleState.Open;
    }

    public async Task<IReadOnlyList<FailureResult>> RecordFailureAsync(string? accountId, IPAddress? address, CancellationToken cancellationToken)
    {
        var results = new List<FailureResult>();
        if (accountId is not null)
        {
            results.Add(await CountAsync(AccountKey(accountId), "account", Options.FreeFailures, permanentAllowed: true, cancellationToken));
        }

        if (AddressKey(address) is { } addressKey)
        {
            results.Add(await CountAsync(addressKey, "address", Options.AddressFreeFailures, permanentAllowed: false, cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// A completed sign-in clears the account's count. The address keeps its count: one valid account must not let an
    /// attacker reset the wait for guesses at every other account from the same address.
    /// </summary>
    public async Task RecordSuccessAsync(string accountId, CancellationToken cancellationToken)
    {
        var key = AccountKey(accountId);
        await using var db = contexts.Create();
        await db.Throttles.Where(t => t.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<bool> UnlockAsync(string accountId, CancellationToken cancellationToken)
    {
        var key = AccountKey(accountId);
        await using var db = contexts.Create();
        return await db.Throttles.Where(t => t.Key == key && (t.LockedPermanently || t.LockedUntil > 0 || t.Failures > 0)).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public Task<ThrottleState> StateOfAccountAsync(string accountId, CancellationToken cancellationToken) => CheckAsync(accountId, null, cancellationToken);

    private async Task<FailureResult> CountAsync(string key, string scope, int freeFailures, bool permanentAllowed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var resetBefore = now - (long)Options.FailureReset.TotalMilliseconds;
        await using var db = contexts.Create();

        // A single UPDATE adds the failure, so concurrent attempts cannot overwrite each other's count.
        var counted = await db.Throttles.Where(t => t.Key == key && t.LastFailureAt >= resetBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, t => t.Failures + 1).SetProperty(t => t.LastFailureAt, now), cancellationToken);
        if (counted == 0)
        {
            var restarted = await db.Throttles.Where(t => t.Key == key)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, 1).SetProperty(t => t.LastFailureAt, now).SetProperty(t => t.LockedUntil, 0L), cancellationToken);
            if (restarted == 0)
            {
                db.Throttles.Add(new ThrottleRow { Key = key, Failures = 1, LastFailureAt = now });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    await db.Throttles.Where(t => t.Key == key)
                        .ExecuteUpdateAsync(s => s.SetProperty(t => t.Failures, t => t.Failures + 1).SetProperty(t => t.LastFailureAt, now), cancellationToken);
                }
            }
        }

        var row = await db.Throttles.AsNoTracking().SingleAsync(t => t.Key == key, cancellationToken);
        var wasLocked = row.LockedPermanently || row.LockedUntil > now;
        var permanent = permanentAllowed && row.Failures >= Options.PermanentLockoutAfter;
        var waits = row.Failures - freeFailures;
        if (!permanent && waits <= 0)
        {
            return new FailureResult(scope, row.Failures, ThrottleState.Open, false);
        }

        var wait = TimeSpan.FromTicks(Math.Min(Options.WaitIncrement.Ticks * Math.Max(waits, 1), Options.MaxWait.Ticks));
        var until = now + (long)wait.TotalMilliseconds;
        await db.Throttles.Where(t => t.Key == key)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LockedUntil, until).SetProperty(t => t.LockedPermanently, permanent), cancellationToken);
        var state = permanent ? new ThrottleState(null, true) : new ThrottleState(DateTimeOffset.FromUnixTimeMilliseconds(until), false);
        return new FailureResult(scope, row.Failures, state, !wasLocked || (permanent && !row.LockedPermanently));
    }

    private static List<string> Keys(string? accountId, IPAddress? address)
    {
        var keys = new List<string>(2);
        if (accountId is not null)
        {
            keys.Add(AccountKey(accountId));
        }

        if (AddressKey(address) is { } addressKey)
        {
            keys.Add(addressKey);
        }

        return keys;
    }
}
