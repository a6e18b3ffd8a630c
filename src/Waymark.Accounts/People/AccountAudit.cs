using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;
using Waymark.Audit;

namespace Waymark.Accounts.People;

/// <summary>
/// Records what happens to an account (sign-ins, second factors, sessions, passwords) in the instance chain and in
/// the chain of every workspace the account belongs to, so each customer sees it for their members. Entries name the
/// account by id only.
/// </summary>
internal sealed class AccountAudit(AccountContexts contexts, IAuditLog audit)
{
    /// <summary>A person acting on their own account.</summary>
    public Task RecordAsync(HttpContext context, string accountId, string action, AuditOutcome outcome, IReadOnlyDictionary<string, string> details) =>
        RecordEverywhereAsync(AuditEvents.FromRequest(context, action, outcome, "account", accountId, details) with { Actor = AuditActor.Member(accountId) }, accountId);

    /// <summary>
    /// <paramref name="entry"/> once per chain (its workspace is replaced); with no account, in the instance chain only.
    /// Recorded even if the client hangs up: what it records has already happened.
    /// </summary>
    public async Task RecordEverywhereAsync(AuditEvent entry, string? accountId)
    {
        List<long> workspaces = [];
        if (accountId is not null)
        {
            await using var db = contexts.Create();
            workspaces = await db.Memberships.Where(m => m.AccountId == accountId).Select(m => m.WorkspaceId).ToListAsync(CancellationToken.None);
        }

        await Task.WhenAll(workspaces.Prepend(AuditEvent.InstanceChain).Select(ws => audit.RecordAsync(entry with { WorkspaceId = ws }, CancellationToken.None)));
    }
}
