using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Hashing;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Setup;

/// <summary>
/// First-run setup. No default password ever exists: until the first owner is created, each start of the app role
/// issues a fresh one-time token (only its hash is stored) and prints a setup link with it. Using the token creates the
/// owner and the first workspace; the token then no longer works, and no later token is issued.
/// </summary>
public sealed class InstanceSetup
{
    private const string TokenPrefix = "setup_";

    private readonly AccountContexts _contexts;
    private readonly UserManager<Account> _users;
    private readonly WorkspaceService _workspaces;
    private readonly MemberDirectory _members;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal InstanceSetup(AccountContexts contexts, UserManager<Account> users, WorkspaceService workspaces, MemberDirectory members, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _users = users;
        _workspaces = workspaces;
        _members = members;
        _audit = audit;
        _clock = clock;
    }

    public async Task<bool> IsCompleteAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        return await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>A new setup token replacing any earlier one, or null when the instance is already set up.</summary>
    public async Task<string?> IssueTokenAsync(CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        if (await db.Users.AnyAsync(cancellationToken))
        {
            return null;
        }

        var token = SecretHash.NewSecret(TokenPrefix);
        var row = await db.SetupTokens.FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new SetupTokenRow();
            db.SetupTokens.Add(row);
        }

        row.TokenHash = SecretHash.Compute(token);
        row.CreatedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        row.UsedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    public async Task<bool> IsValidTokenAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var hash = SecretHash.Compute(token);
        await using var db = _contexts.Create();
        return await db.SetupTokens.AnyAsync(t => t.TokenHash == hash && t.UsedAt == null, cancellationToken) && !await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>Creates the first owner and workspace. The token is claimed first, so two racing requests cannot both succeed.</summary>
    public async Task<Outcome<(Account Owner, CreatedWorkspace Workspace)>> CompleteAsync(string? token, string? email, string? password, string? workspaceName, string? sourceIp, string? requestId, CancellationToken cancellationToken = default)
    {
        email = email?.Trim() ?? "";
        workspaceName = workspaceName?.Trim() ?? "";
        if (email.Length is 0 or > 256 || !email.Contains('@', StringComparison.Ordinal))
        {
            return Refusal.Invalid("invalid-setup", "Enter your email address", "The first owner signs in with an email address, such as you@example.com.");
        }

        if (workspaceName.Length is 0 or > 200)
        {
            return Refusal.Invalid("invalid-setup", "Name the first workspace", "A workspace name is 1 to 200 characters, such as your product's name.");
        }

        var account = new Account { UserName = email, Email = email, EmailConfirmed = true, IsInstanceOwner = true, CreatedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds() };
        foreach (var validator in _users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(_users, account, password ?? "");
            if (!check.Succeeded)
            {
                return Refusal.Invalid("invalid-password", "Choose another password", string.Join(" ", check.Errors.Select(e => e.Description)));
            }
        }

        if (!await IsValidTokenAsync(token, cancellationToken))
        {
            return Refusal.Forbidden("This setup link is not valid: it was used already or replaced by a newer one. Restart 'waymark serve' and use the link it prints.");
        }

        var hash = SecretHash.Compute(token!);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = _contexts.Create();
        var claimed = await db.SetupTokens.Where(t => t.TokenHash == hash && t.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed != 1)
        {
            return Refusal.Forbidden("This setup link was just used. Sign in instead.");
        }

        var created = await _users.CreateAsync(account, password!);
        if (!created.Succeeded)
        {
            await db.SetupTokens.Where(t => t.TokenHash == hash).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, (long?)null), cancellationToken);
            return Refusal.Invalid("invalid-setup", "Could not create the account", string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var owner = new Caller(AuditActor.Member(account.Id), Permissions.All.ToHashSet(StringComparer.Ordinal), sourceIp, requestId);
        var workspace = await _workspaces.CreateAsync(workspaceName, owner, cancellationToken);
        await _members.AddAsync(db, workspace.InternalId, account.Id, BuiltInRoles.Owner, cancellationToken);
        await _audit.RecordAsync(owner.Audit(AuditEvent.InstanceChain, AuditActions.InstanceSetup, AuditOutcome.Success, "account", account.Id), cancellationToken);
        await _audit.RecordAsync(owner.Audit(workspace.InternalId, AuditActions.MemberRoleChanged, AuditOutcome.Success, "member", account.Id, new Dictionary<string, string> { ["before"] = "", ["after"] = BuiltInRoles.Owner }), cancellationToken);
        return (account, workspace);
    }

    /// <summary>Creates another workspace for an existing member, who becomes its owner.</summary>
    public async Task<Outcome<CreatedWorkspace>> CreateWorkspaceAsync(Caller caller, string? name, CancellationToken cancellationToken = default)
    {
        if (caller.Actor.Kind == AuditActorKind.Operator)
        {
            return Refusal.Forbidden("Instance operators cannot create workspaces: they hold no standing access to any. Create it with 'waymark workspace create', or sign in with a personal account.");
        }

        if (caller.AccountId is not { } accountId || await _users.FindByIdAsync(accountId) is not { IsInstanceOwner: true })
        {
            return Refusal.Forbidden("Only the instance owner (the person who set Waymark up) can create workspaces. Ask them, or use 'waymark workspace create'.");
        }

        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            return Refusal.Invalid("invalid-name", "Invalid workspace name", "A workspace name is 1 to 200 characters.");
        }

        var workspace = await _workspaces.CreateAsync(name, caller, cancellationToken);
        await using var db = _contexts.Create();
        await _members.AddAsync(db, workspace.InternalId, accountId, BuiltInRoles.Owner, cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspace.InternalId, AuditActions.MemberRoleChanged, AuditOutcome.Success, "member", accountId, new Dictionary<string, string> { ["before"] = "", ["after"] = BuiltInRoles.Owner }), cancellationToken);
        return workspace;
    }
}
