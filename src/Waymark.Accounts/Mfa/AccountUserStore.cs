using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.People;
using Waymark.Accounts.Schema;

namespace Waymark.Accounts.Mfa;

/// <summary>
/// Identity's EF Core store for accounts, with the second-factor secrets kept the way a leaked database would not
/// give them away: the authenticator key encrypted with Data Protection, recovery codes only as salted hashes.
/// Identity's own store keeps both in plain text.
/// </summary>
internal sealed class AccountUserStore(AccountsDbContext context, IDataProtectionProvider dataProtection, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<Account, AccountsDbContext, string, IdentityUserClaim<string>, IdentityUserLogin<string>, IdentityUserToken<string>, IdentityUserPasskey<string>>(context, describer)
{
    /// <summary>The login provider under which the second-factor tokens are kept (Identity's own).</summary>
    public const string TokenProvider = "[AspNetUserStore]";

    /// <summary>Names differ from Identity's so that a value written by its plain-text store is never read as protected.</summary>
    public const string AuthenticatorKeyToken = "ProtectedAuthenticatorKey";

    public const string RecoveryCodesToken = "RecoveryCodeHashes";

    private readonly IDataProtector _keyProtector = dataProtection.CreateProtector("Waymark.Accounts.Mfa.AuthenticatorKey.v1");

    public override Task SetAuthenticatorKeyAsync(Account user, string key, CancellationToken cancellationToken) =>
        SetTokenAsync(user, TokenProvider, AuthenticatorKeyToken, _keyProtector.Protect(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(Account user, CancellationToken cancellationToken)
    {
        var stored = await GetTokenAsync(user, TokenProvider, AuthenticatorKeyToken, cancellationToken);
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        try
        {
            return _keyProtector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            // The data-protection keys that sealed it are gone: the account has no usable key and must enrol again.
            return null;
        }
    }

    public override Task ReplaceCodesAsync(Account user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, TokenProvider, RecoveryCodesToken, RecoveryCodeHashes.Create(recoveryCodes).Serialize(), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(Account user, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var codes = RecoveryCodeHashes.Parse(await GetTokenAsync(user, TokenProvider, RecoveryCodesToken, cancellationToken));
        if (!codes.Redeem(code))
        {
            return false;
        }

        await SetTokenAsync(user, TokenProvider, RecoveryCodesToken, codes.Serialize(), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(Account user, CancellationToken cancellationToken) =>
        RecoveryCodeHashes.Parse(await GetTokenAsync(user, TokenProvider, RecoveryCodesToken, cancellationToken)).Count;

    /// <summary>
    /// As Identity's, except that the last accepted authenticator step is never written from the loaded account: only
    /// <see cref="ReplaySafeAuthenticatorTokenProvider"/> moves it, atomically, and a request holding an older copy of
    /// the account must not move it back (which would make a used code good again). Two redemptions of one recovery
    /// code race on the concurrency stamp written here, so only one of them succeeds.
    /// </summary>
    public override async Task<IdentityResult> UpdateAsync(Account user, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentNullException.ThrowIfNull(user);
        Context.Attach(user);
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        Context.Update(user);
        Context.Entry(user).Property(a => a.TotpLastStep).IsModified = false;
        try
        {
            await SaveChanges(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return IdentityResult.Failed(ErrorDescriber.ConcurrencyFailure());
        }

        return IdentityResult.Success;
    }
}
