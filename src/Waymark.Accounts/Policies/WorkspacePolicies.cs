using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Policies;

/// <summary>
/// A workspace's sign-in policies: require MFA of every member, require single sign-on. Turning MFA on or off is kept
/// to owners who have a second factor themselves, so that nobody can lock the workspace (themselves included) out
/// with a policy they do not meet, and a leaked server key cannot weaken it.
/// </summary>
public sealed class WorkspacePolicies
{
    private readonly AccountContexts _contexts;
    private readonly MfaPolicy _mfa;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal WorkspacePolicies(AccountContexts contexts, MfaPolicy mfa, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _mfa = mfa;
        _audit = audit;
        _clock = clock;
    }

    public async Task<PolicyView> GetAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        return await ViewAsync(db, workspaceId, cancellationToken);
    }

    public async Task<Outcome<PolicyChange>> ChangeAsync(Caller caller, HttpContext context, long workspaceId, bool? requireMfa, bool? requireSso, CancellationToken cancellationToken = default)
    {
        if (requireMfa is null && requireSso is null)
        {
            return Refusal.Invalid("empty-change", "Nothing to change", "Send requireMfa and/or requireSso as true or false.");
        }

        if (!caller.Has(Permissions.SettingsManage))
        {
            return Refusal.Forbidden("Changing sign-in policies needs the settings:manage permission.");
        }

        await using var db = _contexts.Create();
        var row = await db.SecurityPolicies.FirstOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            row = new SecurityPolicyRow { WorkspaceId = workspaceId };
            db.SecurityPolicies.Add(row);
        }

        if (requireMfa is { } mfa && mfa != row.RequireMfa && await CheckMfaChangerAsync(db, caller, workspaceId, cancellationToken) is { } mfaRefusal)
        {
            return mfaRefusal;
        }

        if (requireSso is true && !row.RequireSso && !await db.SsoConnections.AnyAsync(c => c.WorkspaceId == workspaceId, cancellationToken))
        {
            return Refusal.Conflict("sso-not-configured", "Single sign-on is not set up", "Connect an OpenID Connect provider on the Single sign-on page first, and sign in through it once to check it works.");
        }

        var mfaChanged = requireMfa is { } m && m != row.RequireMfa;
        var ssoChanged = requireSso is { } s && s != row.RequireSso;
        row.RequireMfa = requireMfa ?? row.RequireMfa;
        row.RequireSso = requireSso ?? row.RequireSso;
        if (mfaChanged || ssoChanged)
        {
            row.UpdatedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            row.UpdatedBy = caller.AccountId;
        }

        await db.SaveChangesAsync(cancellationToken);
        int suspended = 0, reinstated = 0;
        if (mfaChanged)
        {
            if (row.RequireMfa)
            {
                suspended = await _mfa.EnforceAsync(db, context, workspaceId, cancellationToken);
            }
            else
            {
                reinstated = await _mfa.LiftAllAsync(db, context, workspaceId, cancellationToken);
            }

            await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.MfaPolicyChanged, AuditOutcome.Success, "workspace", null, new Dictionary<string, string>
            {
                ["required"] = row.RequireMfa ? "true" : "false",
                ["suspended"] = suspended.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["reinstated"] = reinstated.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), cancellationToken);
        }

        if (ssoChanged)
        {
            await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SsoPolicyChanged, AuditOutcome.Success, "workspace", null,
                new Dictionary<string, string> { ["required"] = row.RequireSso ? "true" : "false" }), cancellationToken);
        }

        return new PolicyChange(await ViewAsync(db, workspaceId, cancellationToken), suspended, reinstated);
    }

    public async Task<IReadOnlyList<MemberCompliance>> ComplianceAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var roles = (await RoleCatalog.RolesAsync(db, workspaceId, cancellationToken)).ToDictionary(r => r.Key, r => r.Name);
        var members = await (
            from m in db.Memberships
            join a in db.Users on m.AccountId equals a.Id
            where m.WorkspaceId == workspaceId
            orderby a.Email
            select new { m.AccountId, a.Email, m.Role, a.TwoFactorEnabled, m.SuspendedAt }).ToListAsync(cancellationToken);
        var ids = members.Select(m => m.AccountId).ToList();
        var passkeys = await db.UserPasskeys.Where(p => ids.Contains(p.UserId)).GroupBy(p => p.UserId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return members.Select(m => new MemberCompliance(m.AccountId, m.Email ?? "", roles.GetValueOrDefault(m.Role, "(deleted role)"), m.TwoFactorEnabled,
            passkeys.GetValueOrDefault(m.AccountId), m.SuspendedAt is not null)).ToList();
    }

    private static async Task<Refusal?> CheckMfaChangerAsync(AccountsDbContext db, Caller caller, long workspaceId, CancellationToken cancellationToken)
    {
        if (caller.AccountId is not { } accountId
            || !await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId && m.Role == BuiltInRoles.Owner, cancellationToken))
        {
            return Refusal.Forbidden("Only a workspace owner, signed in to the dashboard, can change the require-MFA policy.");
        }

        return (await MfaPolicy.CompliantAccountsAsync(db, workspaceId, cancellationToken)).Contains(accountId)
            ? null
            : Refusal.Conflict("owner-without-mfa", "Set up two-factor authentication first",
                "You cannot require two-factor authentication without having it yourself. Add an authenticator app or a passkey under Account → Security, then try again.");
    }

    private static async Task<PolicyView> ViewAsync(AccountsDbContext db, long workspaceId, CancellationToken cancellationToken)
    {
        var row = await db.SecurityPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.WorkspaceId == workspaceId, cancellationToken);
        var sso = await db.SsoConnections.AnyAsync(c => c.WorkspaceId == workspaceId, cancellationToken);
        return new PolicyView(row?.RequireMfa ?? false, row?.RequireSso ?? false, sso,
            row is { UpdatedAt: > 0 } ? DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt) : null);
    }
}
