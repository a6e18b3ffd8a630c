using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Members;

/// <summary>
/// Sign-in locks as owners see them: whether a member is locked out, and lifting it. A lock that reached the
/// permanent limit lifts only this way, so a patient attacker cannot wait it out.
/// </summary>
public sealed class MemberLocks
{
    private readonly AccountContexts _contexts;
    private readonly SignInThrottle _throttle;
    private readonly IAuditLog _audit;

    internal MemberLocks(AccountContexts contexts, SignInThrottle throttle, IAuditLog audit)
    {
        _contexts = contexts;
        _throttle = throttle;
        _audit = audit;
    }

    public Task<ThrottleState> StateAsync(string accountId, CancellationToken cancellationToken = default) => _throttle.StateOfAccountAsync(accountId, cancellationToken);

    public async Task<Outcome<bool>> UnlockAsync(Caller caller, long workspaceId, string accountId, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Unlocking a member needs the members:manage permission.");
        }

        await using var db = _contexts.Create();
        if (!await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId, cancellationToken))
        {
            return Refusal.NotFound("Member");
        }

        var unlocked = await _throttle.UnlockAsync(accountId, cancellationToken);
        if (unlocked)
        {
            await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.AccountUnlocked, AuditOutcome.Success, "member", accountId), cancellationToken);
        }

        return unlocked;
    }

    /// <summary>An operator at the command line unlocks any account; recorded in the instance chain.</summary>
    public async Task<bool> UnlockAsOperatorAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var unlocked = await _throttle.UnlockAsync(accountId, cancellationToken);
        if (unlocked)
        {
            await _audit.RecordAsync(Caller.Operator().Audit(AuditEvent.InstanceChain, AuditActions.AccountUnlocked, AuditOutcome.Success, "account", accountId), cancellationToken);
        }

        return unlocked;
    }
}
