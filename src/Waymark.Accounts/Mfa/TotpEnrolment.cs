using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Waymark.Accounts.People;
using Waymark.Accounts.Policies;
using Waymark.Accounts.Sessions;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Accounts.Mfa;

/// <summary>
/// A person's own authenticator app (RFC 6238): set up with a QR code and confirmed by a first code, then recovery
/// codes, and turning it off. Each change is audited in the instance chain and in every workspace the person belongs
/// to, ends their other sessions (a thief's session must not outlive the owner's new factor) and is passed to the
/// workspaces' require-MFA policy.
/// </summary>
public sealed class TotpEnrolment
{
    public const int RecoveryCodeCount = 10;

    private const string Issuer = "Waymark";

    private readonly UserManager<Account> _users;
    private readonly SignInManager<Account> _signIn;
    private readonly IUserAuthenticatorKeyStore<Account> _keys;
    private readonly SessionRevoker _sessions;
    private readonly MfaPolicy _policy;
    private readonly AccountAudit _audit;

    internal TotpEnrolment(
        UserManager<Account> users, SignInManager<Account> signIn, IUserStore<Account> store,
        SessionRevoker sessions, MfaPolicy policy, AccountAudit audit)
    {
        _users = users;
        _signIn = signIn;
        _keys = (IUserAuthenticatorKeyStore<Account>)store;
        _sessions = sessions;
        _policy = policy;
        _audit = audit;
    }

    private static Refusal AlreadyEnabled => Refusal.Conflict(
        "totp-already-enabled", "Two-factor authentication is already on",
        "Your authenticator app is already set up. To move to another app, turn two-factor authentication off first, then set it up again.");

    private static Refusal NotEnabled => Refusal.Conflict(
        "totp-not-enabled", "Two-factor authentication is off",
        "There is no authenticator app set up for your account. Set one up first.");

    private static Refusal NotStarted => Refusal.Conflict(
        "totp-not-started", "No setup in progress",
        "Start again with “Set up an authenticator app”, scan the new QR code, then enter the code your app shows.");

    private static Refusal WrongCode => Refusal.Invalid(
        "invalid-code", "Code not accepted",
        "Enter the 6-digit code your authenticator app shows now. A code works once only: if you just used it, wait for the next one. If it still fails, check that your device's clock is set automatically.");

    private static Refusal WrongCodeOrRecoveryCode => Refusal.Invalid(
        "invalid-code", "Code not accepted",
        "Enter the 6-digit code your authenticator app shows now, or one of your unused recovery codes. A code works once only: if you just used it, wait for the next one.");

    public async Task<TotpStatus> StatusAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var account = await FindAsync(accountId);
        if (account.TwoFactorEnabled)
        {
            return new TotpStatus(true, await _users.CountRecoveryCodesAsync(account), null);
        }

        var key = await _keys.GetAuthenticatorKeyAsync(account, cancellationToken);
        return new TotpStatus(false, 0, key is null ? null : SetupFor(account, key));
    }

    /// <summary>A new key, waiting for its first code; any earlier unconfirmed key is replaced.</summary>
    public async Task<Outcome<TotpSetup>> BeginAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var account = await FindAsync(accountId);
        if (account.TwoFactorEnabled)
        {
            return AlreadyEnabled;
        }

        // Written through the store rather than UserManager.ResetAuthenticatorKeyAsync, which would also change the
        // security stamp: nothing protects the account with this key yet, so no session needs to end.
        var key = _users.GenerateNewAuthenticatorKey();
        await _keys.SetAuthenticatorKeyAsync(account, key, cancellationToken);
        Check(await _users.UpdateAsync(account));
        return SetupFor(account, key);
    }

    /// <summary>Turns two-factor authentication on once the app proves it has the key; answers the recovery codes.</summary>
    public async Task<Outcome<NewRecoveryCodes>> ConfirmAsync(HttpContext context, string accountId, string? code)
    {
        var account = await FindAsync(accountId);
        if (account.TwoFactorEnabled)
        {
            return AlreadyEnabled;
        }

        if (await _keys.GetAuthenticatorKeyAsync(account, context.RequestAborted) is null)
        {
            return NotStarted;
        }

        if (!await VerifyCodeAsync(account, code))
        {
            return WrongCode;
        }

        Check(await _users.SetTwoFactorEnabledAsync(account, true));
        var codes = await NewCodesAsync(account);
        await AfterChangeAsync(context, account, AuditActions.TotpEnabled, new Dictionary<string, string>
        {
            ["recovery_codes"] = RecoveryCodeCount.ToString(CultureInfo.InvariantCulture),
        });
        return codes;
    }

    /// <summary>Replaces every recovery code with new ones; needs a code from the app, so a borrowed session alone cannot.</summary>
    public async Task<Outcome<NewRecoveryCodes>> RegenerateRecoveryCodesAsync(HttpContext context, string accountId, string? code)
    {
        var account = await FindAsync(accountId);
        if (!account.TwoFactorEnabled)
        {
            return NotEnabled;
        }

        if (!await VerifyCodeAsync(account, code))
        {
            return WrongCode;
        }

        var codes = await NewCodesAsync(account);
        await AfterChangeAsync(context, account, AuditActions.RecoveryCodesRegenerated, new Dictionary<string, string>
        {
            ["recovery_codes"] = RecoveryCodeCount.ToString(CultureInfo.InvariantCulture),
        });
        return codes;
    }

    /// <summary>Turns two-factor authentication off with a code from the app or, for a lost phone, a recovery code.</summary>
    public async Task<Outcome<bool>> DisableAsync(HttpContext context, string accountId, string? code)
    {
        var account = await FindAsync(accountId);
        if (!account.TwoFactorEnabled)
        {
            return NotEnabled;
        }

        string method;
        if (TotpCode.Normalize(code) is not null)
        {
            method = "totp";
            if (!await VerifyCodeAsync(account, code))
            {
                return WrongCodeOrRecoveryCode;
            }
        }
        else
        {
            method = "recovery-code";
            if (string.IsNullOrWhiteSpace(code) || !(await _users.RedeemTwoFactorRecoveryCodeAsync(account, code.Trim())).Succeeded)
            {
                return WrongCodeOrRecoveryCode;
            }
        }

        Check(await _users.SetTwoFactorEnabledAsync(account, false));
        Check(await _users.RemoveAuthenticationTokenAsync(account, AccountUserStore.TokenProvider, AccountUserStore.AuthenticatorKeyToken));
        Check(await _users.RemoveAuthenticationTokenAsync(account, AccountUserStore.TokenProvider, AccountUserStore.RecoveryCodesToken));
        await AfterChangeAsync(context, account, AuditActions.TotpDisabled, new Dictionary<string, string> { ["method"] = method });
        return true;
    }

    private async Task<Account> FindAsync(string accountId) =>
        await _users.FindByIdAsync(accountId) ?? throw new InvalidOperationException("The signed-in account no longer exists.");

    private Task<bool> VerifyCodeAsync(Account account, string? code) =>
        TotpCode.Normalize(code) is { } digits
            ? _users.VerifyTwoFactorTokenAsync(account, _users.Options.Tokens.AuthenticatorTokenProvider, digits)
            : Task.FromResult(false);

    private async Task<NewRecoveryCodes> NewCodesAsync(Account account) =>
        new((await _users.GenerateNewTwoFactorRecoveryCodesAsync(account, RecoveryCodeCount))?.ToList()
            ?? throw new InvalidOperationException("The account store keeps no recovery codes."));

    private static TotpSetup SetupFor(Account account, string key)
    {
        var label = Uri.EscapeDataString(Issuer) + ":" + Uri.EscapeDataString(account.Email ?? account.Id);
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Issuer}&digits={TotpCode.Digits}&period={TotpCode.StepSeconds}";
        return new TotpSetup(key, uri, QrCodeSvg.Render(uri, "QR code for your authenticator app"));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            // A concurrency failure: another request changed the account at the same moment; the person retries.
            throw new InvalidOperationException("Updating the account failed: " + string.Join(" ", result.Errors.Select(e => e.Code)));
        }
    }

    /// <summary>
    /// What every change of factors entails. Turning TOTP on or off changes the security stamp, so the current session
    /// is re-issued with the new one; every other session of the person ends.
    /// </summary>
    private async Task AfterChangeAsync(HttpContext context, Account account, string action, IReadOnlyDictionary<string, string> details)
    {
        var cancellationToken = context.RequestAborted;
        var ended = await _sessions.RevokeOthersAsync(context.User, account.Id, cancellationToken);
        await _signIn.RefreshSignInAsync(account);
        var withSessions = new Dictionary<string, string>(details) { ["sessions_ended"] = ended.ToString(CultureInfo.InvariantCulture) };
        await RecordAsync(context, account.Id, action, withSessions);
        await _policy.AccountFactorsChangedAsync(context, account.Id, cancellationToken);
    }

    private Task RecordAsync(HttpContext context, string accountId, string action, IReadOnlyDictionary<string, string> details) =>
        _audit.RecordAsync(context, accountId, action, AuditOutcome.Success, details);
}
