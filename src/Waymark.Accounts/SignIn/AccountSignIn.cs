using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.People;
using Waymark.Accounts.Schema;
using Waymark.Audit;

namespace Waymark.Accounts.SignIn;

/// <summary>How a password sign-in ended.</summary>
public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>
/// Password sign-in through Identity's SignInManager, with every attempt audited: in the instance chain, and in the
/// chain of every workspace the account belongs to, so each customer sees attempts on their members. A failure for an
/// unknown address is recorded without the address (it may be personal data, or a password typed in the wrong box).
/// </summary>
public sealed class AccountSignIn
{
    private readonly SignInManager<Account> _signIn;
    private readonly AccountContexts _contexts;
    private readonly IAuditLog _audit;

    internal AccountSignIn(SignInManager<Account> signIn, AccountContexts contexts, IAuditLog audit)
    {
        _signIn = signIn;
        _contexts = contexts;
        _audit = audit;
    }

    public async Task<SignInOutcome> PasswordSignInAsync(HttpContext context, string? email, string? password)
    {
        var account = string.IsNullOrWhiteSpace(email) ? null : await _signIn.UserManager.FindByEmailAsync(email.Trim());
        if (account is null || string.IsNullOrEmpty(password))
        {
            await RecordAsync(context, null, AuditActions.SignInFailed, AuditOutcome.Failure, "unknown-account");
            return SignInOutcome.Failed;
        }

        var result = await _signIn.PasswordSignInAsync(account, password, isPersistent: false, lockoutOnFailure: true);
        var outcome = result.Succeeded ? SignInOutcome.Succeeded : result.IsLockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed;
        await RecordAsync(
            context,
            account.Id,
            result.Succeeded ? AuditActions.SignInSucceeded : AuditActions.SignInFailed,
            result.Succeeded ? AuditOutcome.Success : AuditOutcome.Failure,
            result.Succeeded ? null : result.IsLockedOut ? "locked-out" : "wrong-password");
        return outcome;
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

    private async Task RecordAsync(HttpContext context, string? accountId, string action, AuditOutcome outcome, string? reason, string method = "password")
    {
        var details = new Dictionary<string, string> { ["method"] = method };
        if (reason is not null)
        {
            details["reason"] = reason;
        }

        var template = AuditEvents.FromRequest(context, action, outcome, accountId is null ? null : "account", accountId, details) with
        {
            WorkspaceId = AuditEvent.InstanceChain,
            Actor = accountId is null ? AuditActor.Anonymous : AuditActor.Member(accountId),
        };
        List<long> workspaces = [];
        if (accountId is not null)
        {
            await using var db = _contexts.Create();
            workspaces = await db.Memberships.Where(m => m.AccountId == accountId).Select(m => m.WorkspaceId).ToListAsync(context.RequestAborted);
        }

        await Task.WhenAll(workspaces.Prepend(AuditEvent.InstanceChain).Select(ws => _audit.RecordAsync(template with { WorkspaceId = ws }, context.RequestAborted)));
    }
}
