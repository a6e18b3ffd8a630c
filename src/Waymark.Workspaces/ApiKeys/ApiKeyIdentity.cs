namespace Waymark.Workspaces.ApiKeys;

/// <summary>What a valid key says about its caller.</summary>
internal sealed record ApiKeyIdentity(long KeyId, long WorkspaceId, string WorkspacePublicId, ApiKeyKind Kind);
