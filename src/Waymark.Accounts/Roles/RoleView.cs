using System.Text.Json.Serialization;

namespace Waymark.Accounts.Roles;

/// <summary>A role as the matrix shows it. <see cref="Key"/> is a built-in name or <c>custom:ID</c>.</summary>
public sealed record RoleView(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("built_in")] bool BuiltIn,
    [property: JsonPropertyName("permissions")] IReadOnlyList<string> Permissions)
{
    [JsonPropertyName("members")]
    public int Members { get; init; }
}

/// <summary>The whole role × permission matrix of a workspace.</summary>
public sealed record RoleMatrix(
    [property: JsonPropertyName("permissions")] IReadOnlyList<PermissionView> Permissions,
    [property: JsonPropertyName("roles")] IReadOnlyList<RoleView> Roles);

public sealed record PermissionView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description);
