using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Waymark.Accounts.Schema;
using Waymark.Audit;
using Waymark.Email;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Policies;

/// <summary>
/// Keeps memberships in line with each workspace's require-MFA policy: a member without a second factor (an
/// authenticator app or a passkey) is suspended from that workspace, not removed, and reinstated as soon as they enrol.
/// Every suspension is audited in the workspace's chain and mailed to the person with the link to enrol.
/// </summary>
public sealed partial class MfaPolicy
{
    public const string SuspensionReason = "mfa-required";

    private readonly AccountContexts _contexts;
    private readonly WorkspaceService _workspaces;
    private readonly IEmailSender _email;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly AccountsOptions _options;
    private readonly ILogger<MfaPolicy> _logger;

    internal MfaPolicy(AccountContexts contexts, WorkspaceService workspaces, IEmailSender email, IAuditLog audit, TimeProvider clock, IOptions<AccountsOptions> options, ILogger<MfaPolicy> logger)
    {
        _contexts = contexts;
        _workspaces = workspaces;
        _email = email;
        _audit = audit;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<bool> HasSecondFactorAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        return await HasSecondFactorAsync(db, accountId, cancellationToken);
    }

    /// <summary>Call after a person's second factors changed (TOTP or a passkey added or removed).</summary>
    public Task AccountFactorsChangedAsync(HttpContext context, string accountId, CancellationToken cancellationToken = default) =>
        AccountFactorsChangedAsync(Origin.Of(context, _options), accountId, cancellationToken);

    /// <summary>The same, for an operator at the command line (mail links use <c>Waymark:Accounts:PublicUrl</c>).</summary>
    internal Task AccountFactorsChangedByOperatorAsync(string accountId, CancellationToken cancellationToken) =>
        AccountFactorsChangedAsync(Origin.Operator(_options), accountId, cancellationToken);

    private async Task AccountFactorsChangedAsync(Origin origin, string accountId, CancellationToken cancellationToken)
    {
        await using var db = _contexts.Create();
        var governed = await (
            from m in db.Memberships
            join p in db.SecurityPolicies on m.WorkspaceId equals p.WorkspaceId
            where m.AccountId == accountId && p.RequireMfa
            select m).ToListAsync(cancellationToken);
        if (governed.Count == 0)
        {
            return;
        }

        if (await HasSecondFactorAsync(db, accountId, cancellationToken))
        {
            foreach (var membership in governed.Where(m => m.SuspendedReason == SuspensionReason))
            {
                await ReinstateAsync(db, origin, membership, cancellationToken);
            }
        }
        else
        {
            foreach (var membership in governed.Where(m => m.SuspendedAt is null))
            {
                await SuspendAsync(db, origin, membership, cancellationToken);
            }
        }
    }

    /// <summary>Call after someone joined a workspace (invitation, single sign-on): suspended at once if it requires MFA they lack.</summary>
    public async Task MemberJoinedAsync(HttpContext context, long workspaceId, string accountId, CancellationToken cancellationToken = default)
    {
        var origin = Origin.Of(context, _options);
        await using var db = _contexts.Create();
        var required = await db.SecurityPolicies.AnyAsync(p => p.WorkspaceId == workspaceId && p.RequireMfa, cancellationToken);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId, cancellationToken);
        if (required && membership is { SuspendedAt: null } && !await HasSecondFactorAsync(db, accountId, cancellationToken))
        {
            await SuspendAsync(db, origin, membership, cancellationToken);
        }
    }

    /// <summary>Suspends every member of the workspace without a second factor; returns how many.</summary>
    internal async Task<int> EnforceAsync(AccountsDbContext db, HttpContext context, long workspaceId, CancellationToken cancellationToken)
    {
        var origin = Origin.Of(context, _options);
        var compliant = await CompliantAccountsAsync(db, workspaceId, cancellationToken);
        var toSuspend = await db.Memberships.Where(m => m.WorkspaceId == workspaceId && m.SuspendedAt == null).ToListAsync(cancellationToken);
        var count = 0;
        foreach (var membership in toSuspend.Where(m => !compliant.Contains(m.AccountId)))
        {
            await SuspendAsync(db, origin, membership, cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>Lifts every MFA suspension in the workspace (the policy was turned off); returns how many.</summary>
    internal async Task<int> LiftAllAsync(AccountsDbContext db, HttpContext context, long workspaceId, CancellationToken cancellationToken)
    {
        var origin = Origin.Of(context, _options);
        var suspended = await db.Memberships.Where(m => m.WorkspaceId == workspaceId && m.SuspendedReason == SuspensionReason).ToListAsync(cancellationToken);
        foreach (var membership in suspended)
        {
            await ReinstateAsync(db, origin, membership, cancellationToken);
        }

        return suspended.Count;
    }

    internal static async Task<HashSet<string>> CompliantAccountsAsync(AccountsDbContext db, long workspaceId, CancellationToken cancellationToken)
    {
        var members = db.Memberships.Where(m => m.WorkspaceId == workspaceId).Select(m => m.AccountId);
        var totp = await db.Users.Where(a => a.TwoFactorEnabled && members.Contains(a.Id)).Select(a => a.Id).ToListAsync(cancellationToken);
        var passkeys = await db.UserPasskeys.Where(p => members.Contains(p.UserId)).Select(p => p.UserId).Distinct().ToListAsync(cancellationToken);
        return totp.Concat(passkeys).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<bool> HasSecondFactorAsync(AccountsDbContext db, string accountId, CancellationToken cancellationToken) =>
        await db.Users.AnyAsync(a => a.Id == accountId && a.TwoFactorEnabled, cancellationToken)
        || await db.UserPasskeys.AnyAsync(p => p.UserId == accountId, cancellationToken);

    private async Task SuspendAsync(AccountsDbContext db, Origin origin, MembershipRow membership, CancellationToken cancellationToken)
    {
        membership.SuspendedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        membership.SuspendedReason = SuspensionReason;
        await db.SaveChangesAsync(cancellationToken);
        await _audit.RecordAsync(origin.Template with
        {
            WorkspaceId = membership.WorkspaceId, Action = AuditActions.MemberSuspended, TargetType = "member", TargetId = membership.AccountId,
            Details = new Dictionary<string, string> { ["reason"] = SuspensionReason },
        }, cancellationToken);
        await NotifyAsync(db, origin, membership, cancellationToken);
    }

    private async Task ReinstateAsync(AccountsDbContext db, Origin origin, MembershipRow membership, CancellationToken cancellationToken)
    {
        membership.SuspendedAt = null;
        membership.SuspendedReason = null;
        await db.SaveChangesAsync(cancellationToken);
        await _audit.RecordAsync(origin.Template with
        {
            WorkspaceId = membership.WorkspaceId, Action = AuditActions.MemberReinstated, TargetType = "member", TargetId = membership.AccountId,
            Details = new Dictionary<string, string> { ["reason"] = SuspensionReason },
        }, cancellationToken);
    }

    /// <summary>
    /// The mail goes out after the suspension is stored; a mail server that is down must not keep a member in who
    /// should be out, so a failed send is logged (without the address) and the suspension stands.
    /// </summary>
    private async Task NotifyAsync(AccountsDbContext db, Origin origin, MembershipRow membership, CancellationToken cancellationToken)
    {
        if (!_email.IsConfigured)
        {
            return;
        }

        var address = await db.Users.Where(a => a.Id == membership.AccountId).Select(a => a.Email).FirstOrDefaultAsync(cancellationToken);
        var names = await _workspaces.NamesAsync([membership.WorkspaceId], cancellationToken);
        if (address is null || !names.TryGetValue(membership.WorkspaceId, out var workspace))
        {
            return;
        }

        try
        {
            await _email.SendAsync(SuspensionMail.Compose(address, workspace.Name, origin.BaseUrl is { } baseUrl ? new Uri(baseUrl, "account/security") : null), cancellationToken);
        }
        catch (Exception e) when (e is EmailDeliveryException or ArgumentException)
        {
            LogMailFailed(_logger, membership.WorkspaceId, e.GetType().Name);
        }
    }

    /// <summary>Who caused a policy action and from where (for the audit entry), and the dashboard address for mail links.</summary>
    private sealed record Origin(AuditEvent Template, Uri? BaseUrl)
    {
        public static Origin Of(HttpContext context, AccountsOptions options) =>
            new(AuditEvents.FromRequest(context, "", AuditOutcome.Success), options.BaseUrlFor(context.Request));

        public static Origin Operator(AccountsOptions options) =>
            new(Caller.Operator().Audit(AuditEvent.InstanceChain, ""), string.IsNullOrWhiteSpace(options.PublicUrl) ? null : new Uri(options.PublicUrl));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mail a member of workspace {WorkspaceId} about their MFA suspension ({Error}); the suspension stands.")]
    private static partial void LogMailFailed(ILogger logger, long workspaceId, string error);
}
