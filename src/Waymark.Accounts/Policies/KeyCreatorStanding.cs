using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;
using Waymark.Workspaces.ApiKeys;

namespace Waymark.Accounts.Policies;

/// <summary>Answers for the key store whether a key's creator is suspended in the key's workspace.</summary>
internal sealed class KeyCreatorStanding(AccountContexts contexts) : IKeyCreatorStanding
{
    public async ValueTask<bool> IsSuspendedAsync(long workspaceId, string accountId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        return await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId && m.SuspendedAt != null, cancellationToken);
    }
}
