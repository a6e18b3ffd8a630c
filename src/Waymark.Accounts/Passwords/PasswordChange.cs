using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Waymark.Accounts.People;
using Waymark.Accounts.Sessions;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Accounts.Passwords;

/// <summary>
/// A signed-in person changes their password: the current one proves it is them, the new one passes Identity's
/// validators (length, the common-password list). Whoever else holds a session of the account, with the old password
/// or a stolen cookie, is signed out; the browser making the change stays signed in.
/// </summary>
public sealed class PasswordChange
{
    private readonly UserManager<Account> _users;
    private readonly SignInManager<Account> _signIn;
    private readonly SessionRevoker _sessions;
    private readonly AccountAudit _audit;

    internal PasswordChange(UserManager<Account> users, SignInManager<Account> signIn, SessionRevoker sessions, AccountAudit audit)
    {
        _users = users;
        _signIn = signIn;
        _sessions = sessions;
        _audit = audit;
    }

    /// <summary>Changes the password of the person signed in on <paramref name="context"/>; answers how many other sessions ended.</summary>
    public async Task<Outcome<int>> ChangeAsync(HttpContext context, string? currentPassword, string? newPassword)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await _users.GetUserAsync(context.User) is not { } account)
        {
            return Refusal.Forbidden("Sign in again, then change your password.");
        }

        if (string.IsNullOrEmpty(newPassword))
        {
            return Refusal.Invalid("invalid-password", "Choose a new password", "Choose a new password of at least 12 characters.");
        }

        var result = await _users.ChangePasswordAsync(account, currentPassword ?? "", newPassword);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                await _audit.RecordAsync(context, account.Id, AuditActions.PasswordChanged, AuditOutcome.Failure, new Dictionary<string, string> { ["reason"] = "wrong-current-password" });
                return Refusal.Invalid("wrong-password", "Current password is wrong", "The current password is not right. Type the password you use to sign in now.");
            }

            return Refusal.Invalid("invalid-password", "Choose another password", string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        // Others first, while the request's principal still names this session (signing in again replaces it). Then
        // this browser's ticket is re-issued, under the same session id, with the new security stamp: the old one would
        // sign it out at its next stamp check.
        var ended = await _sessions.RevokeOthersAsync(context.User, account.Id, context.RequestAborted);
        await _signIn.RefreshSignInAsync(account);
        await _audit.RecordAsync(context, account.Id, AuditActions.PasswordChanged, AuditOutcome.Success, new Dictionary<string, string>
        {
            ["sessions_ended"] = ended.ToString(CultureInfo.InvariantCulture),
        });
        return ended;
    }
}
