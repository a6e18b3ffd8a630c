using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Sessions;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Members;

/// <summary>
/// Who belongs to a workspace and with which role; role changes and removal. Removing a member is offboarding: their
/// sessions end and the keys they created stop working on the next request. A workspace always keeps an owner, and
/// nobody can grant more than they hold.
/// </summary>
public sealed class MemberDirectory
{
    private readonly AccountContexts _contexts;
    private readonly WorkspaceService _workspaces;
    private readonly KeyService _keys;
    private readonly SessionRevoker _sessions;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal MemberDirectory(AccountContexts contexts, WorkspaceService workspaces, KeyService keys, SessionRevoker sessions, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _workspaces = workspaces;
        _keys = keys;
        _sessions = sessions;
        _audit = audit;
        _clock = clock;
    }

    public async Task<IReadOnlyList<MembershipView>> WorkspacesOfAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var memberships = await db.Memberships.Where(m => m.AccountId == accountId).ToListAsync(cancellationToken);
        var names = await _workspaces.NamesAsync(memberships.Select(m => m.WorkspaceId).ToList(), cancellationToken);
        var result = new List<MembershipView>();
        foreach (var m in memberships.Where(m => names.ContainsKey(m.WorkspaceId)))
        {
            var role = await RoleNameAsync(db, m.WorkspaceId, m.Role, cancellationToken);
            result.Add(new MembershipView(m.WorkspaceId, names[m.WorkspaceId].PublicId, names[m.WorkspaceId].Name, m.Role, role, m.SuspendedAt is not null));
        }

        return result.OrderBy(m => m.WorkspaceName, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<MemberView>> MembersAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var roles = (await RoleCatalog.RolesAsync(db, workspaceId, cancellationToken)).ToDictionary(r => r.Key, r => r.Name);
        var rows = await (
            from m in db.Memberships
            join a in db.Users on m.AccountId equals a.Id
            where m.WorkspaceId == workspaceId
            orderby a.Email
            select new { m.AccountId, a.Email, m.Role, m.CreatedAt }).ToListAsync(cancellationToken);
        return rows.Select(r => new MemberView(r.AccountId, r.Email ?? "", r.Role, roles.GetValueOrDefault(r.Role, "(deleted role)"), DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt))).ToList();
    }

    /// <summary>
    /// The permissions <paramref name="accountId"/> holds in a workspace: none when not a member, and none while a
    /// policy suspends the membership (the reason is returned so the dashboard can say what to do).
    /// </summary>
    public async Task<(string? RoleKey, IReadOnlyList<string> Permissions, string? SuspendedReason)> PermissionsOfAsync(string accountId, long workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var membership = await db.Memberships.Where(m => m.WorkspaceId == workspaceId && m.AccountId == accountId)
            .Select(m => new { m.Role, m.SuspendedAt, m.SuspendedReason }).FirstOrDefaultAsync(cancellationToken);
        return membership switch
        {
            null => (null, [], null),
            { SuspendedAt: not null } => (membership.Role, [], membership.SuspendedReason ?? "suspended"),
            _ => (membership.Role, await RoleCatalog.PermissionsOfAsync(db, workspaceId, membership.Role, cancellationToken), null),
        };
    }

    public async Task<Outcome<MemberView>> ChangeRoleAsync(Caller caller, long workspaceId, string accountId, string? roleKey, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId, cancellationToken);
        if (membership is null)
        {
            return Refusal.NotFound("Member");
        }

        var refusal = await CheckGrantAsync(db, caller, workspaceId, roleKey, cancellationToken)
            ?? await CheckTouchAsync(db, caller, workspaceId, membership, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var before = membership.Role;
        if (before != roleKey)
        {
            membership.Role = roleKey!;
            await db.SaveChangesAsync(cancellationToken);
            await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.MemberRoleChanged, AuditOutcome.Success, "member", accountId, new Dictionary<string, string> { ["before"] = before, ["after"] = roleKey! }), cancellationToken);
        }

        return (await MembersAsync(workspaceId, cancellationToken)).First(m => m.AccountId == accountId);
    }

    public async Task<Outcome<int>> RemoveAsync(Caller caller, long workspaceId, string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId, cancellationToken);
        if (membership is null)
        {
            return Refusal.NotFound("Member");
        }

        if (!caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Removing a member needs the members:manage permission.");
        }

        if (await CheckTouchAsync(db, caller, workspaceId, membership, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        db.Memberships.Remove(membership);
        await db.SaveChangesAsync(cancellationToken);
        var keys = await _keys.RevokeCreatedByAsync(caller, workspaceId, accountId, cancellationToken);
        var sessions = await _sessions.RevokeAllAsync(accountId, cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.MemberRemoved, AuditOutcome.Success, "member", accountId, new Dictionary<string, string>
        {
            ["role"] = membership.Role,
            ["keys_revoked"] = keys.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sessions_ended"] = sessions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), cancellationToken);
        return keys;
    }

    /// <summary>Why an operator account is refused wherever an account would join a workspace.</summary>
    internal const string OperatorsDoNotJoin =
        "This is an instance operator's account: operators never join workspaces. An operator reaches a workspace only through a support ticket its owners approve; join with a separate, personal account instead.";

    /// <remarks>The callers refuse operators with a clear answer first; this is the last line that keeps them out.</remarks>
    internal async Task AddAsync(AccountsDbContext db, long workspaceId, string accountId, string roleKey, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(a => a.Id == accountId && a.IsOperator, cancellationToken))
        {
            throw new InvalidOperationException(OperatorsDoNotJoin);
        }

        if (!await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId, cancellationToken))
        {
            db.Memberships.Add(new MembershipRow { WorkspaceId = workspaceId, AccountId = accountId, Role = roleKey, CreatedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds() });
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Whether <paramref name="caller"/> may hand out <paramref name="roleKey"/>: it exists, and they hold all it grants (only owners make owners).</summary>
    internal static async Task<Refusal?> CheckGrantAsync(AccountsDbContext db, Caller caller, long workspaceId, string? roleKey, CancellationToken cancellationToken)
    {
        if (!caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Changing roles needs the members:manage permission.");
        }

        if (string.IsNullOrEmpty(roleKey) || await RoleCatalog.PermissionsOfAsync(db, workspaceId, roleKey, cancellationToken) is not { Count: > 0 } granted)
        {
            return Refusal.Invalid("invalid-role", "Unknown role", "Choose one of the roles listed on the Roles page (owner, admin, editor, analyst, viewer, or a custom role's key).");
        }

        if (roleKey == BuiltInRoles.Owner && !await IsOwnerAsync(db, caller, workspaceId, cancellationToken))
        {
            return Refusal.Forbidden("Only an owner can make someone an owner.");
        }

        var missing = granted.Where(p => !caller.Has(p)).ToList();
        return missing.Count > 0
            ? Refusal.Forbidden("You can only grant roles whose permissions you hold yourself. You lack: " + string.Join(", ", missing) + ".")
            : null;
    }

    /// <summary>Owners can only be changed by owners, and the last owner stays.</summary>
    private static async Task<Refusal?> CheckTouchAsync(AccountsDbContext db, Caller caller, long workspaceId, MembershipRow target, CancellationToken cancellationToken)
    {
        if (target.Role != BuiltInRoles.Owner)
        {
            return null;
        }

        if (!await IsOwnerAsync(db, caller, workspaceId, cancellationToken))
        {
            return Refusal.Forbidden("Only an owner can change or remove another owner.");
        }

        var owners = await db.Memberships.CountAsync(m => m.WorkspaceId == workspaceId && m.Role == BuiltInRoles.Owner, cancellationToken);
        return owners <= 1
            ? Refusal.Conflict("last-owner", "A workspace needs an owner", "This is the workspace's only owner. Make someone else an owner first.")
            : null;
    }

    /// <summary>Whether <paramref name="caller"/> is an owner of the workspace; an operator counts as one.</summary>
    internal static async Task<bool> IsOwnerAsync(AccountsDbContext db, Caller caller, long workspaceId, CancellationToken cancellationToken) =>
        caller.Actor.Kind == AuditActorKind.System
        || (caller.AccountId is { } id && await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.AccountId == id && m.Role == BuiltInRoles.Owner, cancellationToken));

    private static async Task<string> RoleNameAsync(AccountsDbContext db, long workspaceId, string key, CancellationToken cancellationToken) =>
        BuiltInRoles.Find(key)?.Name ?? (await RoleCatalog.RolesAsync(db, workspaceId, cancellationToken)).FirstOrDefault(r => r.Key == key)?.Name ?? "(deleted role)";
}
