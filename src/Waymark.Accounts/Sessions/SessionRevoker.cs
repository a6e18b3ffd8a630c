using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;

namespace Waymark.Accounts.Sessions;

/// <summary>Ends sessions: deleting the rows signs the browsers out on their next request, on every node.</summary>
internal sealed class SessionRevoker(AccountContexts contexts)
{
    public async Task<int> RevokeAllAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.Create();
        return await db.Sessions.Where(s => s.AccountId == accountId).ExecuteDeleteAsync(cancellationToken);
    }
}
