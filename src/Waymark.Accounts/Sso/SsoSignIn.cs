using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;
using Waymark.Accounts.Policies;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Sso;

/// <summary>
/// Signing in through a workspace's identity provider: which provider an address belongs to, and what happens when the
/// provider sends the person back. The account is the one linked to the provider's subject, else the one with the
/// verified address, else a new one without a password (just-in-time); a person who is not a member yet joins with the
/// connection's default role.
/// </summary>
/// <remarks>
/// Waymark cannot check that a workspace owns the domains it lists, so a provider is trusted with an existing account
/// only when that account can reach nothing beyond the provider's own workspace: not the instance owner, and a member
/// of no other workspace. Otherwise an owner of one workspace could run a provider that vouches for someone else's
/// address and take over their access elsewhere. Once linked, the provider's subject identifies the account.
/// </remarks>
public sealed class SsoSignIn
{
    private const string ProviderDisplayName = "Single sign-on";

    private readonly AccountContexts _contexts;
    private readonly UserManager<Account> _users;
    private readonly SsoSchemes _schemes;
    private readonly MemberDirectory _members;
    private readonly MfaPolicy _mfa;
    private readonly AccountSignIn _signIn;
    private readonly WorkspaceService _workspaces;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal SsoSignIn(AccountContexts contexts, UserManager<Account> users, SsoSchemes schemes, MemberDirectory members, MfaPolicy mfa, AccountSignIn signIn, WorkspaceService workspaces, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _users = users;
        _schemes = schemes;
        _members = members;
        _mfa = mfa;
        _signIn = signIn;
        _workspaces = workspaces;
        _audit = audit;
        _clock = clock;
    }

    /// <summary>The parameter of the challenge's properties that pre-fills the address at the provider.</summary>
    public static string LoginHintParameter => SsoOptionsSetup.LoginHintParameter;

    /// <summary>
    /// The authentication scheme to challenge for a work address: that of the workspace whose connection covers its
    /// domain, made ready in this process. Null when no connection covers it.
    /// </summary>
    public async Task<string?> SchemeForEmailAsync(string? email, CancellationToken cancellationToken = default)
    {
        if (SsoInput.DomainOf(email?.Trim()) is not { } domain)
        {
            return null;
        }

        List<(long WorkspaceId, string Domains)> candidates;
        await using (var db = _contexts.Create())
        {
            var rows = await db.SsoConnections
                .Where(c => c.EmailDomains == domain || c.EmailDomains.StartsWith(domain + " ") || c.EmailDomains.EndsWith(" " + domain) || c.EmailDomains.Contains(" " + domain + " "))
                .OrderBy(c => c.WorkspaceId).Select(c => new { c.WorkspaceId, c.EmailDomains }).ToListAsync(cancellationToken);
            candidates = rows.Select(r => (r.WorkspaceId, r.EmailDomains)).ToList();
        }

        foreach (var (workspaceId, domains) in candidates)
        {
            if (SsoInput.Parse(domains).Contains(domain, StringComparer.Ordinal))
            {
                return await _schemes.SyncAsync(workspaceId, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>
    /// Finishes a sign-in the provider vouched for (read from Identity's external cookie, which is cleared whatever the
    /// outcome): answers the public id of the workspace the person is now signed in to, or why not.
    /// </summary>
    public async Task<Outcome<string>> CompleteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded)
        {
            return Incomplete;
        }

        try
        {
            return external.Properties?.Items.TryGetValue(SsoSchemes.WorkspaceItem, out var value) == true && long.TryParse(value, out var workspaceId)
                ? await CompleteAsync(context, external.Principal, workspaceId)
                : Incomplete;
        }
        finally
        {
            await context.SignOutAsync(IdentityConstants.ExternalScheme);
        }
    }

    private static Refusal Incomplete { get; } = Refusal.Invalid("sso-incomplete", "Single sign-on did not complete",
        "The sign-in at your identity provider did not come back to Waymark, or took too long. Start again.");

    private async Task<Outcome<string>> CompleteAsync(HttpContext context, ClaimsPrincipal principal, long workspaceId)
    {
        var cancellationToken = context.RequestAborted;
        SsoConnectionRow? connection;
        await using (var db = _contexts.Create())
        {
            connection = await db.SsoConnections.AsNoTracking().FirstOrDefaultAsync(c => c.WorkspaceId == workspaceId, cancellationToken);
        }

        if (connection is null)
        {
            return await RefuseAsync(context, workspaceId, null, "not-configured", SsoConnections.NotConfigured);
        }

        var subject = principal.FindFirstValue(SsoClaims.Subject);
        var email = principal.FindFirstValue(SsoClaims.Email)?.Trim();
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(email))
        {
            return await RefuseAsync(context, workspaceId, null, "no-email", Refusal.Invalid("sso-no-email", "No email address",
                "Your identity provider did not tell Waymark your email address. Ask your administrator to release the email claim to Waymark."));
        }

        if (!bool.TryParse(principal.FindFirstValue(SsoClaims.EmailVerified), out var verified) || !verified)
        {
            return await RefuseAsync(context, workspaceId, null, "email-unverified", Refusal.Invalid("sso-email-unverified", "Email address not verified",
                "Your identity provider has not verified your email address, so Waymark cannot tell which account is yours. Ask your administrator to verify it at the provider."));
        }

        if (SsoInput.DomainOf(email) is not { } domain || !SsoInput.Parse(connection.EmailDomains).Contains(domain, StringComparer.Ordinal))
        {
            return await RefuseAsync(context, workspaceId, null, "domain-not-covered", Refusal.Invalid("sso-domain-not-covered", "Address outside the workspace's domains",
                "Your identity provider signed you in with an address this workspace's single sign-on does not cover. Sign in there with your work account, or ask the workspace owner to add your domain."));
        }

        var (account, refusal) = await FindOrCreateAccountAsync(context, workspaceId, connection.Issuer, subject, email);
        if (account is null)
        {
            return refusal!;
        }

        if (!await JoinAsync(context, workspaceId, account.Id, connection.DefaultRole))
        {
            return await RefuseAsync(context, workspaceId, account.Id, "default-role-missing", Refusal.Conflict("sso-default-role-missing", "Default role missing",
                "The role this workspace gives people who sign in with single sign-on no longer exists. Ask the workspace owner to choose another one."));
        }

        await _signIn.SsoSignInAsync(context, account);
        var names = await _workspaces.NamesAsync([workspaceId], cancellationToken);
        return names[workspaceId].PublicId;
    }

    private async Task<(Account? Account, Refusal? Refusal)> FindOrCreateAccountAsync(HttpContext context, long workspaceId, string issuer, string subject, string email)
    {
        if (await _users.FindByLoginAsync(issuer, subject) is { } linked)
        {
            return (linked, null);
        }

        var login = new UserLoginInfo(issuer, subject, ProviderDisplayName);
        var existing = await _users.FindByEmailAsync(email);
        if (existing is null)
        {
            var account = new Account { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds() };
            var created = await _users.CreateAsync(account);
            if (!created.Succeeded || !(await _users.AddLoginAsync(account, login)).Succeeded)
            {
                return (null, await RefuseAsync(context, workspaceId, null, "account-not-created", Refusal.Invalid("sso-account-not-created", "Account not created",
                    "Waymark could not create an account for the address your identity provider gave. Try again; if it keeps failing, ask the workspace owner for an invitation.")));
            }

            return (account, null);
        }

        if (existing.IsOperator)
        {
            return (null, await RefuseAsync(context, workspaceId, existing.Id, "operator-account", Refusal.Forbidden(MemberDirectory.OperatorsDoNotJoin)));
        }

        if (existing.IsInstanceOwner || await BelongsElsewhereAsync(existing.Id, workspaceId, context.RequestAborted))
        {
            return (null, await RefuseAsync(context, workspaceId, existing.Id, "account-elsewhere", Refusal.Conflict("sso-account-elsewhere", "Account already in use elsewhere",
                "An account with this address already exists and reaches other workspaces, so this workspace's identity provider cannot sign it in. Sign in with your password instead.")));
        }

        if (!(await _users.AddLoginAsync(existing, login)).Succeeded)
        {
            return (null, await RefuseAsync(context, workspaceId, existing.Id, "link-failed", Incomplete));
        }

        return (existing, null);
    }

    private async Task<bool> BelongsElsewhereAsync(string accountId, long workspaceId, CancellationToken cancellationToken)
    {
        await using var db = _contexts.Create();
        return await db.Memberships.AnyAsync(m => m.AccountId == accountId && m.WorkspaceId != workspaceId, cancellationToken);
    }

    /// <summary>Makes the account a member with the default role unless it is one already; false when that role is gone.</summary>
    private async Task<bool> JoinAsync(HttpContext context, long workspaceId, string accountId, string defaultRole)
    {
        var cancellationToken = context.RequestAborted;
        await using var db = _contexts.Create();
        if (await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.AccountId == accountId, cancellationToken))
        {
            return true;
        }

        if (!SsoConnections.IsAllowedDefaultRole(defaultRole) || (await RoleCatalog.PermissionsOfAsync(db, workspaceId, defaultRole, cancellationToken)).Count == 0)
        {
            return false;
        }

        await _members.AddAsync(db, workspaceId, accountId, defaultRole, cancellationToken);
        await _audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.SsoMemberProvisioned, AuditOutcome.Success, "member", accountId, new Dictionary<string, string> { ["role"] = defaultRole }) with
        {
            WorkspaceId = workspaceId,
            Actor = AuditActor.Member(accountId),
        }, cancellationToken);
        await _mfa.MemberJoinedAsync(context, workspaceId, accountId, cancellationToken);
        return true;
    }

    private async Task<Refusal> RefuseAsync(HttpContext context, long workspaceId, string? accountId, string reason, Refusal refusal)
    {
        await _signIn.RecordSsoFailureAsync(context, workspaceId, accountId, reason);
        return refusal;
    }
}
