using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Passkeys;
using Waymark.Accounts.People;
using Waymark.Audit;

namespace Waymark.Accounts.SignIn;

/// <summary>
/// Sign-in with a passkey, behind the same lockout and audited the same way as a password, with method "passkey".
/// A user-verified passkey is possession and a PIN or biometric at once, so it signs in without a password and
/// satisfies a workspace's require-MFA policy; it is also the second step when a password alone is not enough.
/// </summary>
public sealed partial class AccountSignIn
{
    private const string PasskeyMethod = "passkey";

    /// <summary>
    /// The options for the browser's <c>navigator.credentials.get()</c>, as JSON, for any passkey of this site: the
    /// browser offers the person the passkeys it holds, so nobody has to type an address first. Identity keeps the
    /// challenge in its short-lived two-factor cookie until <see cref="PasskeySignInAsync"/>.
    /// </summary>
    public Task<string> PasskeyRequestOptionsAsync() => _signIn.MakePasskeyRequestOptionsAsync(null);

    public async Task<SignInAttempt> PasskeySignInAsync(HttpContext context, string? credentialJson)
    {
        var cancellationToken = context.RequestAborted;
        if (await RefuseWhileLockedAsync(context, null, PasskeyMethod) is { } held)
        {
            return held;
        }

        if (string.IsNullOrWhiteSpace(credentialJson))
        {
            await RecordAsync(context, null, AuditActions.SignInFailed, AuditOutcome.Failure, "no-passkey", PasskeyMethod);
            return SignInAttempt.Failed;
        }

        PasskeyAssertionResult<Account> assertion;
        try
        {
            assertion = await _signIn.PerformPasskeyAssertionAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No challenge under way in this browser (it expired, or another tab replaced it): nothing was checked, so
            // nothing counts towards the lockout.
            await RecordAsync(context, null, AuditActions.SignInFailed, AuditOutcome.Failure, "no-challenge", PasskeyMethod);
            return SignInAttempt.Failed;
        }

        if (!assertion.Succeeded)
        {
            // A passkey this site knows, answered wrongly, counts against its account, as a wrong password would.
            var claimed = PasskeyIds.ClaimedBy(credentialJson) is { } credentialId ? await _signIn.UserManager.FindByPasskeyIdAsync(credentialId) : null;
            await RecordAsync(context, claimed?.Id, AuditActions.SignInFailed, AuditOutcome.Failure, claimed is null ? "unknown-passkey" : "invalid-passkey", PasskeyMethod);
            return await FailAsync(context, claimed?.Id, PasskeyMethod);
        }

        var account = assertion.User;
        var passkey = new Dictionary<string, string> { ["passkey"] = PasskeyIds.Fingerprint(assertion.Passkey.CredentialId) };
        if (await RefuseWhileLockedAsync(context, account.Id, PasskeyMethod) is { } locked)
        {
            return locked;
        }

        if (await SsoRefusalAsync(context, account.Id, "passkey") is { } refusal)
        {
            return refusal;
        }

        // The assertion's new signature count is stored before signing in, so that a cloned authenticator replaying
        // an older count is refused next time.
        if (!await _signIn.CanSignInAsync(account) || !(await _signIn.UserManager.AddOrUpdatePasskeyAsync(account, assertion.Passkey)).Succeeded)
        {
            await RecordAsync(context, account.Id, AuditActions.SignInFailed, AuditOutcome.Failure, "not-allowed", PasskeyMethod, passkey);
            return SignInAttempt.Failed;
        }

        await _signIn.SignInWithClaimsAsync(account, isPersistent: false, [new Claim(ClaimTypes.AuthenticationMethod, PasskeyMethod), new Claim("amr", "mfa")]);
        await context.RequestServices.GetRequiredService<PasskeyUsage>().RecordUseAsync(account.Id, assertion.Passkey.CredentialId, cancellationToken);
        await _throttle.RecordSuccessAsync(account.Id, cancellationToken);
        await RecordAsync(context, account.Id, AuditActions.SignInSucceeded, AuditOutcome.Success, null, PasskeyMethod, passkey);
        return new SignInAttempt(SignInOutcome.Succeeded);
    }
}
