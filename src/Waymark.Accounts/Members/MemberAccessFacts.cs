using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Sessions;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Members;

/// <summary>
/// What an access review checks about a person after they leave a workspace: their address (for the evidence), the
/// sessions that outlived their removal, and whether they are linked to the workspace's identity provider; and the
/// one remedy no other service offers, ending the sessions of someone who is no longer a member.
/// </summary>
public sealed class MemberAccessFacts
{
    private readonly AccountContexts _contexts;
    private readonly SessionRevoker _revoker;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _clock;

    internal MemberAccessFacts(AccountContexts contexts, SessionRevoker revoker, IAuditLog audit, TimeProvider clock)
    {
        _contexts = contexts;
        _revoker = revoker;
        _audit = audit;
        _clock = clock;
    }

    /// <summary>The account's email address, or null when the account no longer exists.</summary>
    public async Task<string?> EmailOfAsync(string accountId, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        return await db.Users.Where(u => u.Id == accountId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The account's live sessions that began at or before <paramref name="before"/>.</summary>
    public async Task<int> LiveSessionsStartedBeforeAsync(string accountId, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var until = before.ToUnixTimeMilliseconds();
        await using var db = _contexts.Create();
        return await db.Sessions.CountAsync(s => s.AccountId == accountId && s.CreatedAt <= until && s.ExpiresAt > now, cancellationToken);
    }

    /// <summary>Whether the account signs in through the identity provider <paramref name="issuer"/>.</summary>
    public async Task<bool> IsLinkedToProviderAsync(string accountId, string issuer, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        return await db.UserLogins.AnyAsync(l => l.UserId == accountId && l.LoginProvider == issuer, cancellationToken);
    }

    /// <summary>
    /// Ends the sessions a former member of <paramref name="workspaceId"/> began before <paramref name="before"/> (their
    /// removal); sessions they started later, for other workspaces, stay. Needs members:manage, like removing them.
    /// </summary>
    public async Task<Outcome<int>> EndSessionsStartedBeforeAsync(Caller caller, long workspaceId, string accountId, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.Has(Permissions.MembersManage))
        {
            return Refusal.Forbidden("Ending a former member's sessions needs the members:manage permission.");
        }

        var until = before.ToUnixTimeMilliseconds();
        int ended;
        await using (var db = _contexts.Create())
        {
            ended = await db.Sessions.Where(s => s.AccountId == accountId && s.CreatedAt <= until).ExecuteDeleteAsync(cancellationToken);
        }

        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SessionsRevoked, AuditOutcome.Success, "member", accountId, new Dictionary<string, string>
        {
            ["scope"] = "former-member",
            ["sessions_ended"] = ended.ToString(CultureInfo.InvariantCulture),
        }), CancellationToken.None);
        return ended;
    }
}

/// <summary>Registration of <see cref="MemberAccessFacts"/> for the features that read them.</summary>
public static class MemberAccessFactsServiceCollectionExtensions
{
    public static IServiceCollection AddMemberAccessFacts(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new MemberAccessFacts(
            sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<SessionRevoker>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
