namespace Waymark.Workspaces.ApiKeys;

/// <summary>
/// Whether the member who created a server key is currently held out of its workspace (a require-MFA suspension).
/// A key carries its creator's reach: while they are suspended, so is every server key they made there, or the key
/// would be a way around the suspension. Implemented by the accounts feature, which owns memberships.
/// </summary>
public interface IKeyCreatorStanding
{
    ValueTask<bool> IsSuspendedAsync(long workspaceId, string accountId, CancellationToken cancellationToken);
}
