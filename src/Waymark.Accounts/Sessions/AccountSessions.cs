using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Sessions;

/// <summary>
/// A person's own sessions: the list, ending one, ending all the others, ending all; and an owner ending a member's
/// sessions. Every ending is audited with the number of sessions it ended.
/// </summary>
public sealed class AccountSessions
{
    private readonly AccountContexts _contexts;
    private readonly SessionRevoker _revoker;
    private readonly DatabaseTicketStore _store;
    private readonly AccountAudit _accountAudit;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal AccountSessions(AccountContexts contexts, SessionRevoker revoker, DatabaseTicketStore store, AccountAudit accountAudit, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _revoker = revoker;
        _store = store;
        _accountAudit = accountAudit;
        _audit = audit;
        _clock = clock;
    }

    /// <summary>The signed-in person's live sessions, most recently used first.</summary>
    public async Task<IReadOnlyList<SessionView>> ListAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var accountId = AccountOf(user);
        var current = SessionRevoker.CurrentSessionId(user);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = _contexts.Create();
        var rows = await db.Sessions.AsNoTracking()
            .Where(s => s.AccountId == accountId)
            .Select(s => new { s.Id, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.SourceIp, s.UserAgent, s.Method })
            .ToListAsync(cancellationToken);
        return rows
            .Where(s => !_store.HasEnded(s.ExpiresAt, s.LastSeenAt, now))
            .OrderByDescending(s => s.Id == current)
            .ThenByDescending(s => s.LastSeenAt)
            .Select(s => new SessionView(
                HandleOf(s.Id),
                DeviceNames.Describe(s.UserAgent),
                s.SourceIp,
                SignInMethods.Label(s.Method),
                DateTimeOffset.FromUnixTimeMilliseconds(s.CreatedAt),
                DateTimeOffset.FromUnixTimeMilliseconds(s.LastSeenAt),
                DateTimeOffset.FromUnixTimeMilliseconds(s.ExpiresAt),
                s.Id == current))
            .ToList();
    }

    /// <summary>Ends one of the signed-in person's sessions, named by its handle; false when it had already ended.</summary>
    public async Task<bool> RevokeAsync(HttpContext context, string? handle)
    {
        ArgumentNullException.ThrowIfNull(context);
        var accountId = AccountOf(context.User);
        if (string.IsNullOrEmpty(handle))
        {
            return false;
        }

        await using var db = _contexts.Create();
        var ids = await db.Sessions.Where(s => s.AccountId == accountId).Select(s => s.Id).ToListAsync(context.RequestAborted);
        if (ids.FirstOrDefault(id => HandleOf(id) == handle) is not { } sessionId || !await _revoker.RevokeAsync(accountId, sessionId, context.RequestAborted))
        {
            return false;
        }

        await RecordOwnAsync(context, accountId, "one", 1);
        return true;
    }

    /// <summary>Ends every session of the signed-in person but the one making the request.</summary>
    public async Task<int> RevokeOthersAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var accountId = AccountOf(context.User);
        var ended = await _revoker.RevokeOthersAsync(context.User, accountId, context.RequestAborted);
        await RecordOwnAsync(context, accountId, "others", ended);
        return ended;
    }

    /// <summary>Ends every session of the signed-in person, the current one included ("sign out of all devices").</summary>
    public async Task<int> RevokeAllAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var accountId = AccountOf(context.User);
        var ended = await _revoker.RevokeAllAsync(accountId, context.RequestAborted);
        await RecordOwnAsync(context, accountId, "all", ended);
        return ended;
    }

    /// <summary>
    /// Ends every session of a member of <paramref name="workspaceId"/> (a lost laptop, a suspected compromise). The
    /// sessions are the person's, not the workspace's: they end everywhere. Like a role change, only owners may do
    /// this to an owner.
    /// </summary>
    public async Task<Outcome<int>> RevokeMemberAsync(Caller caller, long workspaceId, string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await using var db = _contexts.Create();
        var role = await db.Memberships.Where(m => m.WorkspaceId == workspaceId && m.AccountId == accountId).Select(m => m.Role).FirstOrDefaultAsync(cancellationToken);
        if (role is null)
        {
            return Refusal.NotFound("Member");
        }

        if (!caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Ending a member's sessions needs the members:manage permission.");
        }

        if (role == BuiltInRoles.Owner && !await MemberDirectory.IsOwnerAsync(db, caller, workspaceId, cancellationToken))
        {
            return Refusal.Forbidden("Only an owner can end another owner's sessions.");
        }

        var ended = await _revoker.RevokeAllAsync(accountId, cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SessionsRevoked, AuditOutcome.Success, "member", accountId, Details("member", ended)), CancellationToken.None);
        return ended;
    }

    /// <summary>A stable, non-secret name for a session: the start of the SHA-256 of its id.</summary>
    internal static string HandleOf(string sessionId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)))[..16].ToLowerInvariant();

    private Task RecordOwnAsync(HttpContext context, string accountId, string scope, int ended) =>
        _accountAudit.RecordAsync(context, accountId, AuditActions.SessionsRevoked, AuditOutcome.Success, Details(scope, ended));

    private static Dictionary<string, string> Details(string scope, int ended) => new()
    {
        ["scope"] = scope,
        ["sessions_ended"] = ended.ToString(CultureInfo.InvariantCulture),
    };

    private static string AccountOf(ClaimsPrincipal user) =>
        user.FindFirstValue(WorkspaceClaims.ActorId) ?? throw new InvalidOperationException("Session operations need a signed-in person.");
}
