using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.People;
using Waymark.Audit;

namespace Waymark.Accounts.SignIn;

/// <summary>Single sign-on: the last step, once a workspace's identity provider vouched for the person.</summary>
public sealed partial class AccountSignIn
{
    /// <summary>The authentication method recorded on the session and in the audit log.</summary>
    public const string SsoMethod = "sso";

    /// <summary>Starts the session of an account the provider of one of its workspaces signed in.</summary>
    internal async Task SsoSignInAsync(HttpContext context, Account account)
    {
        await _signIn.SignInAsync(account, isPersistent: false, authenticationMethod: SsoMethod);
        await RecordAsync(context, account.Id, AuditActions.SignInSucceeded, AuditOutcome.Success, null, SsoMethod);
    }

    /// <summary>
    /// Records a refused single sign-on like a refused password, and also in the chain of the workspace whose provider
    /// was used when the person is not (yet) a member there, so its owners see attempts through their connection.
    /// </summary>
    internal async Task RecordSsoFailureAsync(HttpContext context, long workspaceId, string? accountId, string reason)
    {
        await RecordAsync(context, accountId, AuditActions.SignInFailed, AuditOutcome.Failure, reason, SsoMethod);
        bool member;
        await using (var db = _contexts.Create())
        {
            member = accountId is not null && await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId, context.RequestAborted);
        }

        if (!member)
        {
            var details = new Dictionary<string, string> { ["method"] = SsoMethod, ["reason"] = reason };
            await _audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.SignInFailed, AuditOutcome.Failure, accountId is null ? null : "account", accountId, details) with
            {
                WorkspaceId = workspaceId,
                Actor = accountId is null ? AuditActor.Anonymous : AuditActor.Member(accountId),
            }, context.RequestAborted);
        }
    }
}
