namespace Waymark.Workspaces.ApiKeys;

/// <summary>What a valid key says about its caller.</summary>
internal sealed record ApiKeyIdentity(long KeyId, long WorkspaceId, string WorkspacePublicId, ApiKeyKind Kind, IReadOnlyList<string> Scopes, long? ExpiresAt);

/// <summary>The answer to "whose key is this?": a usable key, a known key that may no longer be used, or nothing.</summary>
internal sealed record ApiKeyLookup(ApiKeyIdentity? Identity, string? DeniedBecause)
{
    public static readonly ApiKeyLookup Unknown = new(null, null);
}
