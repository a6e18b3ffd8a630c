using System.Text.Json.Serialization;

namespace Waymark.Workspaces.Workspaces;

/// <summary>A new workspace and its keys; the only moment the keys exist in plaintext.</summary>
public sealed record CreatedWorkspace(
    [property: JsonPropertyName("workspaceId")] string WorkspaceId,
    [property: JsonPropertyName("writeKey")] string WriteKey,
    [property: JsonPropertyName("serverKey")] string ServerKey)
{
    /// <summary>The workspace's internal id, for services that go on to set it up (its first member).</summary>
    [JsonIgnore]
    public long InternalId { get; init; }
}

public sealed record WorkspaceSummary(string WorkspaceId, string Name, DateTimeOffset CreatedAt, int ActiveKeys);
