using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Hashing;
using Waymark.Email;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Invitations;

/// <summary>
/// Invitations by email link: the token is random, stored only as a hash, expires after a week and works once.
/// Accepting it proves the invitee reads that mailbox, so the account it creates starts with a confirmed email.
/// </summary>
public sealed partial class InvitationService
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    private const string TokenPrefix = "inv_";

    private readonly AccountContexts _contexts;
    private readonly UserManager<Account> _users;
    private readonly MemberDirectory _members;
    private readonly WorkspaceService _workspaces;
    private readonly IEmailSender _email;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;
    private readonly ILogger<InvitationService> _logger;

    internal InvitationService(AccountContexts contexts, UserManager<Account> users, MemberDirectory members, WorkspaceService workspaces, IEmailSender email, IAuditLog audit, TimeProvider clock, ILogger<InvitationService> logger)
    {
        _contexts = contexts;
        _users = users;
        _members = members;
        _workspaces = workspaces;
        _email = email;
        _audit = audit;
        _clock = clock;
        _logger = logger;
    }

    public async Task<IReadOnlyList<InvitationView>> PendingAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = _contexts.Create();
        var rows = await db.Invitations
            .Where(i => i.WorkspaceId == workspaceId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.Id).ToListAsync(cancellationToken);
        return rows.Select(View).ToList();
    }

    /// <summary>Invites <paramref name="email"/> with a role; <paramref name="baseUrl"/> is where the dashboard is reached, for the link.</summary>
    public async Task<Outcome<InvitationCreated>> InviteAsync(Caller caller, long workspaceId, string? email, string? roleKey, Uri baseUrl, CancellationToken cancellationToken = default)
    {
        email = email?.Trim() ?? "";
        if (!EmailShape().IsMatch(email) || email.Length > 256)
        {
            return Refusal.Invalid("invalid-invitation", "Invalid email address", "Enter the address the invitation should go to, such as name@example.com.");
        }

        await using var db = _contexts.Create();
        if (await MemberDirectory.CheckGrantAsync(db, caller, workspaceId, roleKey, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var normalized = _users.NormalizeEmail(email);
        var alreadyMember = await (
            from m in db.Memberships
            join a in db.Users on m.AccountId equals a.Id
            where m.WorkspaceId == workspaceId && a.NormalizedEmail == normalized
            select m).AnyAsync(cancellationToken);
        if (alreadyMember)
        {
            return Refusal.Conflict("already-member", "Already a member", "This person is already a member of the workspace. Change their role on the Members page instead.");
        }

        var now = _clock.GetUtcNow();
        var token = SecretHash.NewSecret(TokenPrefix);
        var row = new InvitationRow
        {
            WorkspaceId = workspaceId,
            Email = email,
            Role = roleKey!,
            TokenHash = SecretHash.Compute(token),
            InvitedBy = caller.AccountId,
            CreatedAt = now.ToUnixTimeMilliseconds(),
            ExpiresAt = (now + Lifetime).ToUnixTimeMilliseconds(),
        };
        db.Invitations.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.MemberInvited, AuditOutcome.Success, "invitation", row.Id.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string> { ["role"] = row.Role }), cancellationToken);

        var link = new Uri(baseUrl, "/invite/" + token).ToString();
        if (!_email.IsConfigured)
        {
            return new InvitationCreated(View(row), false, link);
        }

        var names = await _workspaces.NamesAsync([workspaceId], cancellationToken);
        var workspaceName = names.TryGetValue(workspaceId, out var n) ? n.Name : "a workspace";
        try
        {
            await _email.SendAsync(new EmailMessage(email, $"You are invited to {workspaceName} on Waymark", $"""
                You have been invited to join {workspaceName} on Waymark.

                Accept the invitation here (the link works once and expires on {now + Lifetime:yyyy-MM-dd HH:mm} UTC):
                {link}

                If you did not expect this invitation, ignore this email.
                """), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogEmailFailed(_logger, row.Id, exception.GetType().Name);
            return new InvitationCreated(View(row), false, link);
        }

        return new InvitationCreated(View(row), true, null);
    }

    public async Task<Outcome<InvitationView>> RevokeAsync(Caller caller, long workspaceId, long invitationId, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Revoking an invitation needs the members:manage permission.");
        }

        await using var db = _contexts.Create();
        var row = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.WorkspaceId == workspaceId, cancellationToken);
        if (row is null)
        {
            return Refusal.NotFound("Invitation");
        }

        if (row.RevokedAt is null && row.AcceptedAt is null)
        {
            row.RevokedAt = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            await db.SaveChangesAsync(cancellationToken);
            await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.InviteRevoked, AuditOutcome.Success, "invitation", row.Id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        }

        return View(row);
    }

    /// <summary>The invitation behind a token, or null when it is unknown, used, revoked or expired.</summary>
    public async Task<InvitationPreview?> PreviewAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var row = await FindUsableAsync(db, token, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var names = await _workspaces.NamesAsync([row.WorkspaceId], cancellationToken);
        var role = (await RoleCatalog.RolesAsync(db, row.WorkspaceId, cancellationToken)).FirstOrDefault(r => r.Key == row.Role)?.Name ?? row.Role;
        var exists = await _users.FindByEmailAsync(row.Email) is not null;
        return new InvitationPreview(names.TryGetValue(row.WorkspaceId, out var n) ? n.Name : "", row.Email, role, exists);
    }

    /// <summary>
    /// Accepts an invitation: as the signed-in account if it has the invited address, otherwise by creating the
    /// account with <paramref name="newPassword"/>. Returns the account that joined and the workspace's public id.
    /// </summary>
    public async Task<Outcome<(Account Account, string WorkspacePublicId)>> AcceptAsync(string token, string? signedInAccountId, string? newPassword, string? sourceIp, string? requestId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var row = await FindUsableAsync(db, token, cancellationToken);
        if (row is null)
        {
            return Refusal.Invalid("invalid-invitation", "Invitation not valid", "This invitation link was already used, was revoked or has expired. Ask the workspace owner for a new one.");
        }

        var account = await _users.FindByEmailAsync(row.Email);
        if (account is { IsOperator: true })
        {
            return Refusal.Forbidden(MemberDirectory.OperatorsDoNotJoin);
        }

        if (account is not null && account.Id != signedInAccountId)
        {
            return Refusal.Forbidden("An account with the invited address exists. Sign in with it, then open the invitation link again.");
        }

        // Claimed before anything is created, so two racing acceptances cannot both proceed; released again if the
        // account cannot be created (a refused password), so the invitee can try once more.
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var claimed = await db.Invitations.Where(i => i.Id == row.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed != 1)
        {
            return Refusal.Invalid("invalid-invitation", "Invitation not valid", "This invitation link was already used. Ask the workspace owner for a new one.");
        }

        if (account is null)
        {
            account = new Account { UserName = row.Email, Email = row.Email, EmailConfirmed = true, CreatedAt = now };
            var created = await _users.CreateAsync(account, newPassword ?? "");
            if (!created.Succeeded)
            {
                await db.Invitations.Where(i => i.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, (long?)null), cancellationToken);
                return Refusal.Invalid("invalid-password", "Choose another password", string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }

        await _members.AddAsync(db, row.WorkspaceId, account.Id, row.Role, cancellationToken);
        await _audit.RecordAsync(new AuditEvent(row.WorkspaceId, AuditActions.InviteAccepted, AuditActor.Member(account.Id), AuditOutcome.Success, "invitation", row.Id.ToString(CultureInfo.InvariantCulture), sourceIp, requestId, new Dictionary<string, string> { ["role"] = row.Role }), cancellationToken);
        var names = await _workspaces.NamesAsync([row.WorkspaceId], cancellationToken);
        return (account, names[row.WorkspaceId].PublicId);
    }

    private async Task<InvitationRow?> FindUsableAsync(AccountsDbContext db, string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        var hash = SecretHash.Compute(token);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, cancellationToken);
    }

    private static InvitationView View(InvitationRow row) =>
        new(row.Id, row.Email, row.Role, DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt));

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial System.Text.RegularExpressions.Regex EmailShape();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invitation {InvitationId} could not be emailed ({Error}); the inviter was given the link instead. Check the SMTP settings (Waymark:Email).")]
    private static partial void LogEmailFailed(ILogger logger, long invitationId, string error);
}
