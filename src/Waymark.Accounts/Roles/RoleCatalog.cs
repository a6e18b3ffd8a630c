using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Schema;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Roles;

/// <summary>Built-in and custom roles of a workspace, the permissions each grants, and changes to custom roles.</summary>
public sealed class RoleCatalog
{
    private const string CustomPrefix = "custom:";

    private readonly AccountContexts _contexts;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal RoleCatalog(AccountContexts contexts, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _audit = audit;
        _clock = clock;
    }

    public static IReadOnlyList<string> AssignablePermissions => BuiltInRoles.Assignable;

    public async Task<RoleMatrix> MatrixAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var counts = await db.Memberships.Where(m => m.WorkspaceId == workspaceId).GroupBy(m => m.Role).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var roles = (await RolesAsync(db, workspaceId, cancellationToken)).Select(r => r with { Members = counts.GetValueOrDefault(r.Key) }).ToList();
        var permissions = BuiltInRoles.Assignable.Select(p => new PermissionView(p, Permissions.Descriptions[p])).ToList();
        return new RoleMatrix(permissions, roles);
    }

    public async Task<RoleView?> FindAsync(long workspaceId, string key, CancellationToken cancellationToken = default)
    {
        if (BuiltInRoles.Find(key) is { } builtIn)
        {
            return builtIn;
        }

        if (CustomId(key) is not { } id)
        {
            return null;
        }

        await using var db = _contexts.Create();
        var row = await db.CustomRoles.FirstOrDefaultAsync(r => r.Id == id && r.WorkspaceId == workspaceId, cancellationToken);
        return row is null ? null : View(row);
    }

    public async Task<Outcome<RoleView>> CreateAsync(Caller caller, long workspaceId, string? name, IReadOnlyCollection<string>? permissions, CancellationToken cancellationToken = default)
    {
        if (Validate(caller, name, permissions) is { } refusal)
        {
            return refusal;
        }

        await using var db = _contexts.Create();
        var trimmed = name!.Trim();
        if (await db.CustomRoles.AnyAsync(r => r.WorkspaceId == workspaceId && r.Name == trimmed, cancellationToken) || BuiltInRoles.All.Any(r => string.Equals(r.Name, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            return Refusal.Conflict("role-exists", "Role name taken", "Another role in this workspace has this name. Choose a different name.");
        }

        var row = new CustomRoleRow { WorkspaceId = workspaceId, Name = trimmed, Permissions = Format(permissions!), CreatedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds() };
        db.CustomRoles.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.RoleCreated, AuditOutcome.Success, "role", KeyOf(row), new Dictionary<string, string> { ["permissions"] = row.Permissions }), cancellationToken);
        return View(row);
    }

    public async Task<Outcome<RoleView>> UpdateAsync(Caller caller, long workspaceId, string key, string? name, IReadOnlyCollection<string>? permissions, CancellationToken cancellationToken = default)
    {
        if (BuiltInRoles.Find(key) is not null)
        {
            return Refusal.Invalid("built-in-role", "Built-in roles are fixed", "Built-in roles cannot be changed. Create a custom role with the permissions you need.");
        }

        if (Validate(caller, name, permissions) is { } refusal)
        {
            return refusal;
        }

        await using var db = _contexts.Create();
        var (row, refused) = await FindTouchableAsync(db, caller, workspaceId, key, "change", cancellationToken);
        if (row is null)
        {
            return refused!;
        }

        var before = row.Permissions;
        row.Name = name!.Trim();
        row.Permissions = Format(permissions!);
        await db.SaveChangesAsync(cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.RoleChanged, AuditOutcome.Success, "role", KeyOf(row), new Dictionary<string, string> { ["before"] = before, ["after"] = row.Permissions }), cancellationToken);
        return View(row);
    }

    public async Task<Outcome<RoleView>> DeleteAsync(Caller caller, long workspaceId, string key, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Deleting a role needs the members:manage permission.");
        }

        await using var db = _contexts.Create();
        var (row, refused) = await FindTouchableAsync(db, caller, workspaceId, key, "delete", cancellationToken);
        if (row is null)
        {
            return refused!;
        }

        if (await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.Role == key, cancellationToken) ||
            await db.Invitations.AnyAsync(i => i.WorkspaceId == workspaceId && i.Role == key && i.AcceptedAt == null && i.RevokedAt == null, cancellationToken))
        {
            return Refusal.Conflict("role-in-use", "Role in use", "Members or pending invitations still have this role. Give them another role first.");
        }

        db.CustomRoles.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.RoleDeleted, AuditOutcome.Success, "role", KeyOf(row)), cancellationToken);
        return View(row);
    }

    internal static async Task<IReadOnlyList<RoleView>> RolesAsync(AccountsDbContext db, long workspaceId, CancellationToken cancellationToken)
    {
        var custom = await db.CustomRoles.Where(r => r.WorkspaceId == workspaceId).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return [.. BuiltInRoles.All, .. custom.Select(View)];
    }

    /// <summary>The permissions a role key grants in a workspace; empty for an unknown key.</summary>
    internal static async Task<IReadOnlyList<string>> PermissionsOfAsync(AccountsDbContext db, long workspaceId, string key, CancellationToken cancellationToken)
    {
        if (BuiltInRoles.Find(key) is { } builtIn)
        {
            return builtIn.Permissions;
        }

        var id = CustomId(key);
        var permissions = await db.CustomRoles.Where(r => r.Id == id && r.WorkspaceId == workspaceId).Select(r => r.Permissions).FirstOrDefaultAsync(cancellationToken);
        return permissions is null ? [] : ParsePermissions(permissions);
    }

    /// <summary>A custom role the caller may change or delete: it exists here, and they hold every permission it grants.</summary>
    private static async Task<(CustomRoleRow? Row, Refusal? Refusal)> FindTouchableAsync(AccountsDbContext db, Caller caller, long workspaceId, string key, string verb, CancellationToken cancellationToken)
    {
        var id = CustomId(key);
        var row = await db.CustomRoles.FirstOrDefaultAsync(r => r.Id == id && r.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return (null, Refusal.NotFound("Role"));
        }

        return ParsePermissions(row.Permissions).Any(p => !caller.Has(p))
            ? (null, Refusal.Forbidden($"This role holds permissions you do not have, so you cannot {verb} it. Ask an owner."))
            : (row, null);
    }

    private static Refusal? Validate(Caller caller, string? name, IReadOnlyCollection<string>? permissions)
    {
        if (!caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Defining roles needs the members:manage permission.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 60)
        {
            return Refusal.Invalid("invalid-role", "Name the role", "A role name is 1 to 60 characters, such as 'Support lead'.");
        }

        if (permissions is not { Count: > 0 } || permissions.Any(p => !BuiltInRoles.Assignable.Contains(p)))
        {
            return Refusal.Invalid("invalid-role", "Choose the role's permissions", "A role has one or more of: " + string.Join(", ", BuiltInRoles.Assignable) + ".");
        }

        var missing = permissions.Where(p => !caller.Has(p)).ToList();
        return missing.Count > 0
            ? Refusal.Forbidden("A role can only grant permissions you hold yourself. You lack: " + string.Join(", ", missing) + ".")
            : null;
    }

    private static long? CustomId(string key) =>
        key.StartsWith(CustomPrefix, StringComparison.Ordinal) && long.TryParse(key.AsSpan(CustomPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string KeyOf(CustomRoleRow row) => CustomPrefix + row.Id.ToString(CultureInfo.InvariantCulture);

    private static RoleView View(CustomRoleRow row) => new(KeyOf(row), row.Name, false, ParsePermissions(row.Permissions));

    private static string[] ParsePermissions(string permissions) => permissions.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Format(IEnumerable<string> permissions) =>
        string.Join(' ', BuiltInRoles.Assignable.Where(permissions.Contains));
}
