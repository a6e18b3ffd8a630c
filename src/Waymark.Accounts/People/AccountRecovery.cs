using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Waymark.Accounts.Policies;
using Waymark.Accounts.Sessions;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.People;

/// <summary>
/// The operator's way back in for someone who lost every second factor (phone, recovery codes and passkeys): the
/// factors are removed, every session ends, and require-MFA workspaces suspend the account until it enrols again.
/// Only someone with shell access to the server can do this; it is recorded in the instance chain and every workspace
/// chain of the account.
/// </summary>
public sealed class AccountRecovery
{
    private readonly UserManager<Account> _users;
    private readonly SessionRevoker _sessions;
    private readonly MfaPolicy _policy;
    private readonly AccountAudit _audit;

    internal AccountRecovery(UserManager<Account> users, SessionRevoker sessions, MfaPolicy policy, AccountAudit audit)
    {
        _users = users;
        _sessions = sessions;
        _policy = policy;
        _audit = audit;
    }

    /// <summary>Returns how many passkeys were removed.</summary>
    public async Task<int> ResetSecondFactorsAsync(Account account, CancellationToken cancellationToken = default)
    {
        await _users.SetTwoFactorEnabledAsync(account, false);
        await _users.RemoveAuthenticationTokenAsync(account, Mfa.AccountUserStore.TokenProvider, Mfa.AccountUserStore.AuthenticatorKeyToken);
        await _users.GenerateNewTwoFactorRecoveryCodesAsync(account, 0);
        var passkeys = await _users.GetPasskeysAsync(account);
        foreach (var passkey in passkeys)
        {
            await _users.RemovePasskeyAsync(account, passkey.CredentialId);
        }

        var sessions = await _sessions.RevokeAllAsync(account.Id, cancellationToken);
        await _audit.RecordEverywhereAsync(Caller.Operator().Audit(AuditEvent.InstanceChain, AuditActions.TotpDisabled, AuditOutcome.Success, "account", account.Id, new Dictionary<string, string>
        {
            ["reason"] = "operator-reset",
            ["passkeys_removed"] = passkeys.Count.ToString(CultureInfo.InvariantCulture),
            ["sessions_ended"] = sessions.ToString(CultureInfo.InvariantCulture),
        }), account.Id);
        await _policy.AccountFactorsChangedByOperatorAsync(account.Id, cancellationToken);
        return passkeys.Count;
    }
}
