using System.Globalization;
using System.Security.Claims;

namespace Waymark.Api;

/// <summary>
/// Claims that tie an authenticated caller to one workspace and name who it is, for authorization and the audit log.
/// Every authentication path (write keys, server keys, members' sessions) sets them the same way.
/// </summary>
public static class WorkspaceClaims
{
    public const string WorkspaceId = "waymark:ws";
    public const string WorkspacePublicId = "waymark:ws-public";
    public const string KeyId = "waymark:key";

    /// <summary>What kind of caller this is: <c>member</c>, <c>server-key</c>, <c>write-key</c> or <c>operator</c>.</summary>
    public const string ActorKind = "waymark:actor-kind";

    /// <summary>A pseudonymous id of the caller (a member's account id or a key's id), never an email or a name.</summary>
    public const string ActorId = "waymark:actor";

    /// <summary>The internal id of the caller's workspace; endpoints behind a permission policy always have one.</summary>
    public static long WorkspaceIdOf(ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(WorkspaceId) ?? throw new InvalidOperationException("The caller is not bound to a workspace."), CultureInfo.InvariantCulture);

    /// <summary>The internal id of the caller's workspace, or null when the caller is not bound to one.</summary>
    public static long? TryWorkspaceIdOf(ClaimsPrincipal user) =>
        user.FindFirstValue(WorkspaceId) is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : null;
}
