using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.People;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Accounts.SignIn;

/// <summary>How a sign-in step ended.</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,

    /// <summary>The password was right; an authenticator or recovery code comes next (Identity's two-factor cookie is set).</summary>
    RequiresTwoFactor,

    /// <summary>The password was right, but the account's second factor is a passkey: sign in with it instead.</summary>
    RequiresPasskey,

    /// <summary>A workspace of the account requires single sign-on and the account is not an owner there.</summary>
    SsoRequired,
}

/// <summary>The outcome of a sign-in step; when locked, until when (or for good, until an owner unlocks).</summary>
public sealed record SignInAttempt(SignInOutcome Outcome, ThrottleState? Lock = null)
{
    public static readonly SignInAttempt Failed = new(SignInOutcome.Failed);
}

/// <summary>
/// Password and second-factor sign-in through Identity's SignInManager, behind the progressive lockout, with every
/// attempt audited: in the instance chain, and in the chain of every workspace the account belongs to, so each
/// customer sees attempts on their members. A failure for an unknown address is recorded without the address (it may
/// be personal data, or a password typed in the wrong box).
/// </summary>
public sealed partial class AccountSignIn
{
    private readonly SignInManager<Account> _signIn;
    private readonly AccountContexts _contexts;
    private readonly SignInThrottle _throttle;
    private readonly IAuditLog _audit;
    private readonly AccountAudit _accountAudit;

    internal AccountSignIn(SignInManager<Account> signIn, AccountContexts contexts, SignInThrottle throttle, IAuditLog audit, AccountAudit accountAudit)
    {
        _signIn = signIn;
        _contexts = contexts;
        _throttle = throttle;
        _audit = audit;
        _accountAudit = accountAudit;
    }

    public async Task<SignInAttempt> PasswordSignInAsync(HttpContext context, string? email, string? password)
    {
        var cancellationToken = context.RequestAborted;
        var account = string.IsNullOrWhiteSpace(email) ? null : await _signIn.UserManager.FindByEmailAsync(email.Trim());
        if (await RefuseWhileLockedAsync(context, account?.Id, "password") is { } locked)
        {
            return locked;
        }

        if (account is null || string.IsNullOrEmpty(password))
        {
            await RecordAsync(context, null, AuditActions.SignInFailed, AuditOutcome.Failure, "unknown-account");
            return await FailAsync(context, null, "password");
        }

        var check = await _signIn.CheckPasswordSignInAsync(account, password, lockoutOnFailure: false);
        if (!check.Succeeded)
        {
            await RecordAsync(context, account.Id, AuditActions.SignInFailed, AuditOutcome.Failure, "wrong-password");
            return await FailAsync(context, account.Id, "password");
        }

        if (await SsoRefusalAsync(context, account.Id) is { } refusal)
        {
            return refusal;
        }

        if (!account.TwoFactorEnabled && await HasPasskeyAsync(account.Id, cancellationToken))
        {
            return new SignInAttempt(SignInOutcome.RequiresPasskey);
        }

        var result = await _signIn.PasswordSignInAsync(account, password, isPersistent: false, lockoutOnFailure: false);
        if (result.RequiresTwoFactor)
        {
            return new SignInAttempt(SignInOutcome.RequiresTwoFactor);
        }

        if (!result.Succeeded)
        {
            await RecordAsync(context, account.Id, AuditActions.SignInFailed, AuditOutcome.Failure, "not-allowed");
            return SignInAttempt.Failed;
        }

        await _throttle.RecordSuccessAsync(account.Id, cancellationToken);
        await RecordAsync(context, account.Id, AuditActions.SignInSucceeded, AuditOutcome.Success, null);
        return new SignInAttempt(SignInOutcome.Succeeded);
    }

    /// <summary>
    /// The second step after a right password: an authenticator code, or one of the recovery codes. Both count
    /// towards the same lockout as passwords, so a stolen password does not buy unlimited code guesses.
    /// </summary>
    public async Task<SignInAttempt> TwoFactorSignInAsync(HttpContext context, string? code, bool recoveryCode)
    {
        var cancellationToken = context.RequestAborted;
        var method = recoveryCode ? "recovery-code" : "totp";
        var account = await _signIn.GetTwoFactorAuthenticationUserAsync();
        if (account is null)
        {
            return SignInAttempt.Failed;
        }

        if (await RefuseWhileLockedAsync(context, account.Id, method) is { } locked)
        {
            return locked;
        }

        var normalized = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        var result = normalized.Length == 0
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : recoveryCode
                ? await _signIn.TwoFactorRecoveryCodeSignInAsync(normalized)
                : await _signIn.TwoFactorAuthenticatorSignInAsync(normalized.Replace("-", "", StringComparison.Ordinal), isPersistent: false, rememberClient: false);
        if (!result.Succeeded)
        {
            await RecordAsync(context, account.Id, AuditActions.SignInFailed, AuditOutcome.Failure, "wrong-code", method);
            return await FailAsync(context, account.Id, method);
        }

        await _throttle.RecordSuccessAsync(account.Id, cancellationToken);
        await RecordAsync(context, account.Id, AuditActions.SignInSucceeded, AuditOutcome.Success, null, method);
        if (recoveryCode)
        {
            var left = await _signIn.UserManager.CountRecoveryCodesAsync(account);
            await RecordAsync(context, account.Id, AuditActions.RecoveryCodeUsed, AuditOutcome.Success, null, method,
                new Dictionary<string, string> { ["codes_left"] = left.ToString(CultureInfo.InvariantCulture) });
        }

        return new SignInAttempt(SignInOutcome.Succeeded);
    }

    /// <summary>Signs the account in after it proved itself another way (setup, accepting an invitation).</summary>
    public async Task SignInAsync(HttpContext context, Account account, string method)
    {
        await _signIn.SignInAsync(account, isPersistent: false, authenticationMethod: method);
        await RecordAsync(context, account.Id, AuditActions.SignInSucceeded, AuditOutcome.Success, null, method);
    }

    public async Task SignOutAsync(HttpContext context, string? accountId)
    {
        await _signIn.SignOutAsync();
        if (accountId is not null)
        {
            await RecordAsync(context, accountId, AuditActions.SignedOut, AuditOutcome.Success, null);
        }
    }

    private async Task<SignInAttempt?> RefuseWhileLockedAsync(HttpContext context, string? accountId, string method)
    {
        var state = await _throttle.CheckAsync(accountId, SourceAddress.Of(context), context.RequestAborted);
        if (!state.IsLocked)
        {
            return null;
        }

        await RecordAsync(context, accountId, AuditActions.SignInFailed, AuditOutcome.Failure, "locked-out", method);
        return new SignInAttempt(SignInOutcome.LockedOut, state);
    }

    private async Task<SignInAttempt> FailAsync(HttpContext context, string? accountId, string method)
    {
        var failures = await _throttle.RecordFailureAsync(accountId, SourceAddress.Of(context), context.RequestAborted);
        foreach (var failure in failures.Where(f => f.NewlyLocked))
        {
            var details = new Dictionary<string, string>
            {
                ["scope"] = failure.Scope,
                ["failures"] = failure.Failures.ToString(CultureInfo.InvariantCulture),
                ["permanent"] = failure.State.Permanent ? "true" : "false",
            };
            if (failure.State.LockedUntil is { } until)
            {
                details["locked_until"] = until.ToString("O", CultureInfo.InvariantCulture);
            }

            await RecordAsync(context, failure.Scope == "account" ? accountId : null, AuditActions.SignInLockedOut, AuditOutcome.Failure, null, method, details);
        }

        var worst = failures.Select(f => f.State).Where(s => s.IsLocked).OrderByDescending(s => s.Permanent).ThenByDescending(s => s.LockedUntil).FirstOrDefault();
        return worst is null ? SignInAttempt.Failed : new SignInAttempt(SignInOutcome.LockedOut, worst);
    }

    /// <summary>
    /// A workspace that requires SSO refuses password sign-in to its members. Its owners may still use their password
    /// (with their second factor): the break-glass path for when the identity provider is down or misconfigured, and
    /// every such sign-in is audited in that workspace.
    /// </summary>
    private async Task<SignInAttempt?> SsoRefusalAsync(HttpContext context, string accountId, string method = "password")
    {
        await using var db = _contexts.Create();
        var governed = await (
            from m in db.Memberships
            join p in db.SecurityPolicies on m.WorkspaceId equals p.WorkspaceId
            where m.AccountId == accountId && p.RequireSso
            select new { m.WorkspaceId, m.Role }).ToListAsync(context.RequestAborted);
        if (governed.Count == 0)
        {
            return null;
        }

        if (governed.Any(g => g.Role != BuiltInRoles.Owner))
        {
            await RecordAsync(context, accountId, AuditActions.SignInFailed, AuditOutcome.Failure, "sso-required", method);
            return new SignInAttempt(SignInOutcome.SsoRequired);
        }

        foreach (var workspace in governed)
        {
            await _audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.SignInBreakGlass, AuditOutcome.Success, "account", accountId, new Dictionary<string, string> { ["method"] = method }) with
            {
                WorkspaceId = workspace.WorkspaceId,
                Actor = AuditActor.Member(accountId),
            }, context.RequestAborted);
        }

        return null;
    }

    private async Task<bool> HasPasskeyAsync(string accountId, CancellationToken cancellationToken)
    {
        await using var db = _contexts.Create();
        return await db.UserPasskeys.AnyAsync(p => p.UserId == accountId, cancellationToken);
    }

    private async Task RecordAsync(HttpContext context, string? accountId, string action, AuditOutcome outcome, string? reason, string method = "password", IReadOnlyDictionary<string, string>? extra = null)
    {
        var details = new Dictionary<string, string> { ["method"] = method };
        if (reason is not null)
        {
            details["reason"] = reason;
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            details[key] = value;
        }

        await _accountAudit.RecordEverywhereAsync(AuditEvents.FromRequest(context, action, outcome, accountId is null ? null : "account", accountId, details) with
        {
            Actor = accountId is null ? AuditActor.Anonymous : AuditActor.Member(accountId),
        }, accountId);
    }
}
