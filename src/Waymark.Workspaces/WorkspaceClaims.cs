using System.Globalization;
using System.Security.Claims;

namespace Waymark.Workspaces;

/// <summary>Claims that tie an authenticated caller to one workspace.</summary>
public static class WorkspaceClaims
{
    public const string WorkspaceId = "waymark:ws";
    public const string WorkspacePublicId = "waymark:ws-public";
    public const string KeyId = "waymark:key";

    /// <summary>The internal id of the caller's workspace; endpoints behind a permission policy always have one.</summary>
    public static long WorkspaceIdOf(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(WorkspaceId) ?? throw new InvalidOperationException("The caller is not bound to a workspace."), CultureInfo.InvariantCulture);
}
