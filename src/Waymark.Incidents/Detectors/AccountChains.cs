using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Audit;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// Which copy of an account's sign-in entry a per-account detector reads. Sign-ins are recorded in the instance chain
/// and in every chain of the account's workspaces: the workspace copies give each affected workspace its incident,
/// and the instance copy counts only for an operator, who belongs to no workspace and would otherwise go unwatched.
/// </summary>
internal sealed class AccountChains(IServiceScopeFactory scopes)
{
    public async ValueTask<bool> CountsAsync(AuditEntryView entry, string accountId, CancellationToken cancellationToken)
    {
        if (entry.InWorkspace())
        {
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByIdAsync(accountId) is { IsOperator: true };
    }
}
