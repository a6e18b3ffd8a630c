using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;
using Waymark.Audit;

namespace Waymark.Accounts.Sessions;

/// <summary>
/// Records what a person did to their own account (ended sessions, changed the password) the way sign-ins are
/// recorded: in the instance chain, and in the chain of every workspace they belong to, so each customer sees it for
/// their members. The entries name the account by id only.
/// </summary>
internal sealed class AccountAudit(AccountContexts contexts, IAuditLog audit)
{
    public async Task RecordAsync(HttpContext context, string accountId, string action, AuditOutcome outcome, IReadOnlyDictionary<string, string> details)
    {
        var template = AuditEvents.FromRequest(context, action, outcome, "account", accountId, details) with
        {
            WorkspaceId = AuditEvent.InstanceChain,
            Actor = AuditActor.Member(accountId),
        };
        await using var db = contexts.Create();
        var workspaces = await db.Memberships.Where(m => m.AccountId == accountId).Select(m => m.WorkspaceId).ToListAsync(context.RequestAborted);
        foreach (var workspace in workspaces.Prepend(AuditEvent.InstanceChain))
        {
            // The change already happened: a client that hangs up must not leave it unrecorded.
            await audit.RecordAsync(template with { WorkspaceId = workspace }, CancellationToken.None);
        }
    }
}
