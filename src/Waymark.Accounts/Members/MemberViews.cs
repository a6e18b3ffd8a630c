namespace Waymark.Accounts.Members;

/// <summary>A member as the members page shows it to colleagues.</summary>
public sealed record MemberView(string AccountId, string Email, string RoleKey, string RoleName, DateTimeOffset JoinedAt);

/// <summary>One of the workspaces a person belongs to.</summary>
public sealed record MembershipView(long WorkspaceId, string WorkspacePublicId, string WorkspaceName, string RoleKey, string RoleName, bool Suspended = false);
