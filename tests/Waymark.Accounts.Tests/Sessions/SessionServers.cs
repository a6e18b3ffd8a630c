using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport;

namespace Waymark.Accounts.Tests.Sessions;

/// <summary>
/// One server per database whose clock the tests move forward instead of waiting. The clock is shared by the class's
/// tests, which xUnit runs one after the other; each test signs in afresh, so time moved by another test does not matter.
/// </summary>
public sealed class SessionServers() : AccountsServers(new MovableClock())
{
    public MovableClock Clock => (MovableClock)ServerClock!;
}

/// <summary>What the session tests read straight from the server.</summary>
internal static class SessionRows
{
    public static async Task<List<SessionRow>> OfAsync(TestWorkspace workspace, string accountId)
    {
        await using var db = workspace.Services.GetRequiredService<AccountContexts>().Create();
        return await db.Sessions.AsNoTracking().Where(s => s.AccountId == accountId).OrderBy(s => s.CreatedAt).ToListAsync();
    }

    /// <summary>The instance chain's entries (sign-ins, account changes), which no workspace's API shows.</summary>
    public static async Task<IReadOnlyList<AuditEntryView>> InstanceAuditAsync(TestWorkspace workspace, AuditFilter filter) =>
        (await workspace.Services.GetRequiredService<AuditQuery>().ListAsync(AuditEvent.InstanceChain, filter, null, AuditQuery.MaxLimit)).Entries;
}
