using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Sso;

/// <summary>
/// A workspace's OpenID Connect provider: its issuer, the client Waymark is registered as there (the secret sealed at
/// rest and never shown again), the email domains it vouches for and the role people get when it signs them in for the
/// first time. A connection adds members, so configuring one needs members:manage besides settings:manage, and its
/// default role may grant nothing the caller lacks (never owner).
/// </summary>
public sealed class SsoConnections
{
    private const int MaxClientIdLength = 200;
    private const int MaxClientSecretLength = 1000;

    private readonly AccountContexts _contexts;
    private readonly SsoSecrets _secrets;
    private readonly SsoSchemes _schemes;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal SsoConnections(AccountContexts contexts, SsoSecrets secrets, SsoSchemes schemes, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _secrets = secrets;
        _schemes = schemes;
        _audit = audit;
        _clock = clock;
    }

    /// <summary>The path of the redirect URI to register at the provider, below the dashboard's address.</summary>
    public static string CallbackPath(string workspacePublicId) => SsoSchemes.CallbackPath(workspacePublicId);

    public async Task<SsoConnectionView?> GetAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var row = await db.SsoConnections.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId, cancellationToken);
        return row is null ? null : View(row);
    }

    public async Task<Outcome<SsoConnectionView>> ConfigureAsync(Caller caller, long workspaceId, SsoSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(settings);
        if (!caller.Has(Permissions.SettingsManage) || !caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Single sign-on adds members to the workspace, so configuring it needs both settings:manage and members:manage.");
        }

        if (SsoInput.Issuer(settings.Issuer) is not { } issuer)
        {
            return Refusal.Invalid("invalid-sso-issuer", "Invalid issuer URL",
                "Enter the provider's issuer URL as it publishes it, such as https://login.example.com. It must use https (plain http only for a provider on this machine) and have no query or fragment.");
        }

        var clientId = settings.ClientId?.Trim() ?? "";
        if (clientId.Length is 0 or > MaxClientIdLength)
        {
            return Refusal.Invalid("invalid-sso-client", "Enter the client id", "Enter the client id the provider issued for Waymark (at most 200 characters).");
        }

        if (SsoInput.Domains(settings.EmailDomains) is not { } domains)
        {
            return Refusal.Invalid("invalid-sso-domains", "Invalid email domains",
                "List the email domains the provider signs people in for, such as example.com, separated by commas (at least one).");
        }

        await using var db = _contexts.Create();
        if (await CheckDefaultRoleAsync(db, caller, workspaceId, settings.DefaultRole?.Trim(), cancellationToken) is { } roleRefusal)
        {
            return roleRefusal;
        }

        var taken = await DomainsTakenElsewhereAsync(db, workspaceId, domains, cancellationToken);
        if (taken.Count > 0)
        {
            return Refusal.Conflict("sso-domain-taken", "Domain used by another workspace",
                $"Another workspace's single sign-on already covers {string.Join(", ", taken)}. An email domain leads to one provider only: remove it there first, or leave it out here.");
        }

        var secret = settings.ClientSecret?.Trim() ?? "";
        if (secret.Length > MaxClientSecretLength)
        {
            return Refusal.Invalid("invalid-sso-client", "Client secret too long", "A client secret is at most 1,000 characters. Copy it again from the provider.");
        }

        var row = await db.SsoConnections.FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId, cancellationToken);
        if (row is null && secret.Length == 0)
        {
            return Refusal.Invalid("invalid-sso-client", "Enter the client secret", "Enter the client secret the provider issued for Waymark.");
        }

        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (row is null)
        {
            row = new SsoConnectionRow { WorkspaceId = workspaceId, CreatedAt = now };
            db.SsoConnections.Add(row);
        }

        row.Issuer = issuer;
        row.ClientId = clientId;
        if (secret.Length > 0)
        {
            row.ClientSecret = _secrets.Seal(workspaceId, secret);
        }

        row.EmailDomains = SsoInput.Format(domains);
        row.DefaultRole = settings.DefaultRole!.Trim();
        row.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await _schemes.SyncAsync(workspaceId, cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SsoConfigured, AuditOutcome.Success, "sso-connection", null, new Dictionary<string, string>
        {
            ["issuer"] = row.Issuer,
            ["client_id"] = row.ClientId,
            ["email_domains"] = row.EmailDomains,
            ["default_role"] = row.DefaultRole,
            ["secret_changed"] = secret.Length > 0 ? "true" : "false",
        }), cancellationToken);
        return View(row);
    }

    public async Task<Outcome<SsoConnectionView>> RemoveAsync(Caller caller, long workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.Has(Permissions.SettingsManage))
        {
            return Refusal.Forbidden("Removing single sign-on needs the settings:manage permission.");
        }

        await using var db = _contexts.Create();
        var row = await db.SsoConnections.FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return NotConfigured;
        }

        if (await db.SecurityPolicies.AnyAsync(p => p.WorkspaceId == workspaceId && p.RequireSso, cancellationToken))
        {
            return Refusal.Conflict("sso-required", "Single sign-on is required",
                "This workspace requires single sign-on, so without a provider its members could not sign in. Turn that policy off first.");
        }

        db.SsoConnections.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        await _schemes.SyncAsync(workspaceId, cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SsoRemoved, AuditOutcome.Success, "sso-connection", null, new Dictionary<string, string>
        {
            ["issuer"] = row.Issuer,
        }), cancellationToken);
        return View(row);
    }

    /// <summary>The refusal for a workspace without a connection.</summary>
    public static Refusal NotConfigured { get; } = new(404, "sso-not-configured", "Single sign-on not configured",
        "This workspace has no single sign-on connection. Configure one first on the workspace's Single sign-on page, or with PUT /v1/sso.");

    /// <summary>The roles a connection may hand out: everything but owner.</summary>
    public static bool IsAllowedDefaultRole(string roleKey) => roleKey != BuiltInRoles.Owner;

    private static async Task<Refusal?> CheckDefaultRoleAsync(AccountsDbContext db, Caller caller, long workspaceId, string? roleKey, CancellationToken cancellationToken)
    {
        if (roleKey == BuiltInRoles.Owner)
        {
            return Refusal.Invalid("invalid-role", "Owner cannot be the default role",
                "Choose a default role other than owner: owners are made by other owners, never by signing in.");
        }

        var granted = string.IsNullOrEmpty(roleKey) ? [] : await RoleCatalog.PermissionsOfAsync(db, workspaceId, roleKey, cancellationToken);
        if (granted.Count == 0)
        {
            return Refusal.Invalid("invalid-role", "Unknown role",
                "Choose the default role from the workspace's roles (admin, editor, analyst, viewer, or a custom role's key such as custom:12).");
        }

        var missing = granted.Where(p => !caller.Has(p)).ToList();
        return missing.Count > 0
            ? Refusal.Forbidden("The default role may only grant permissions you hold yourself. You lack: " + string.Join(", ", missing) + ".")
            : null;
    }

    private static async Task<List<string>> DomainsTakenElsewhereAsync(AccountsDbContext db, long workspaceId, IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        var others = await db.SsoConnections.Where(c => c.WorkspaceId != workspaceId).Select(c => c.EmailDomains).ToListAsync(cancellationToken);
        var taken = others.SelectMany(SsoInput.Parse).ToHashSet(StringComparer.Ordinal);
        return domains.Where(taken.Contains).ToList();
    }

    private static SsoConnectionView View(SsoConnectionRow row) =>
        new(row.Issuer, row.ClientId, row.ClientSecret.Length > 0, SsoInput.Parse(row.EmailDomains), row.DefaultRole, DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));
}
