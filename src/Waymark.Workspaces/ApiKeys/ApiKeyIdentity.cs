namespace Waymark.Workspaces.ApiKeys;

/// <summary>What a valid key says about its caller; <c>CreatedBy</c> is the member who made it (null for keys made by an operator or with the workspace).</summary>
internal sealed record ApiKeyIdentity(long KeyId, long WorkspaceId, string WorkspacePublicId, ApiKeyKind Kind, IReadOnlyList<string> Scopes, long? ExpiresAt, string? CreatedBy = null);

/// <summary>The answer to "whose key is this?": a usable key, a known key that may no longer be used, or nothing.</summary>
internal sealed record ApiKeyLookup(ApiKeyIdentity? Identity, string? DeniedBecause)
{
    public static readonly ApiKeyLookup Unknown = new(null, null);
}
