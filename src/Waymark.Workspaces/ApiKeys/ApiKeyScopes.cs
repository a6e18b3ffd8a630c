using Waymark.Api;

namespace Waymark.Workspaces.ApiKeys;

/// <summary>The permissions a key carries, stored space-separated.</summary>
internal static class ApiKeyScopes
{
    /// <summary>A write key ships in browsers: it can only send events.</summary>
    public static readonly IReadOnlyList<string> WriteKey = [Permissions.EventsWrite];

    /// <summary>The scope of the server key a new workspace is born with: every permission.</summary>
    public static readonly IReadOnlyList<string> FullServerKey = Permissions.All;

    public static IReadOnlyList<string> Parse(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
}
