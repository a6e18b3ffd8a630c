namespace Waymark.Workspaces.ApiKeys;

/// <summary>One key as lists show it: never its secret, only a prefix to recognise it.</summary>
public sealed record KeyView(
    long Id,
    ApiKeyKind Kind,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    string State);

/// <summary>A key just created: the only moment its secret is known.</summary>
public sealed record CreatedKey(KeyView Key, string Secret);
