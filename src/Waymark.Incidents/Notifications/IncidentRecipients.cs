using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;
using Waymark.Audit;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Incidents.Notifications;

/// <summary>Who hears about an incident: a workspace's owners, or for the installation's own incidents its instance owners.</summary>
internal sealed class IncidentRecipients(MemberDirectory members, WorkspaceService workspaces, IServiceScopeFactory scopes)
{
    /// <summary>The built-in owner role's key (its catalogue is internal to the accounts library).</summary>
    private const string OwnerRole = "owner";

    /// <summary>Account ids and addresses of the people notified when an incident of <paramref name="workspaceId"/> turns high.</summary>
    public async Task<IReadOnlyList<(string AccountId, string Email)>> OwnersAsync(long workspaceId, CancellationToken cancellationToken)
    {
        if (workspaceId == AuditEvent.InstanceChain)
        {
            await using var scope = scopes.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            // The installation's own incidents go to whoever runs it: the instance owner and the operators not disabled.
            var owners = await users.Users.Where(a => (a.IsInstanceOwner || (a.IsOperator && a.LockoutEnd == null)) && a.Email != null).Select(a => new { a.Id, a.Email }).ToListAsync(cancellationToken);
            return owners.Select(o => (o.Id, o.Email!)).ToList();
        }

        return (await members.MembersAsync(workspaceId, cancellationToken)).Where(m => m.RoleKey == OwnerRole && m.Email.Length > 0).Select(m => (m.AccountId, m.Email)).ToList();
    }

    /// <summary>The address of a member of the workspace, or null when the account is no longer one.</summary>
    public async Task<string?> MemberEmailAsync(long workspaceId, string accountId, CancellationToken cancellationToken) =>
        (await members.MembersAsync(workspaceId, cancellationToken)).FirstOrDefault(m => m.AccountId == accountId && m.Email.Length > 0)?.Email;

    /// <summary>The workspace's public id (null for the installation) and its name, for mails, links and webhook events.</summary>
    public async Task<(string? PublicId, string Name)> WorkspaceAsync(long workspaceId, CancellationToken cancellationToken)
    {
        if (workspaceId == AuditEvent.InstanceChain)
        {
            return (null, "the installation (instance)");
        }

        var names = await workspaces.NamesAsync([workspaceId], cancellationToken);
        return names.TryGetValue(workspaceId, out var found) ? (found.PublicId, found.Name) : (null, "(deleted workspace)");
    }
}
