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

    /// <summary>
    /// Binds a signed-in person to one workspace for this request: its ids and exactly <paramref name="permissions"/>,
    /// plus any <paramref name="extra"/> claims, as one identity named by <paramref name="authenticationType"/> (how the
    /// binding was granted: a membership, a support ticket).
    /// </summary>
    public static void Grant(ClaimsPrincipal user, long workspaceId, string workspacePublicId, IEnumerable<string> permissions, string authenticationType, params Claim[] extra)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(WorkspaceId, workspaceId.ToString(CultureInfo.InvariantCulture)),
            new(WorkspacePublicId, workspacePublicId),
        };
        claims.AddRange(extra);
        claims.AddRange(permissions.Select(p => new Claim(Permissions.ClaimType, p)));
        user.AddIdentity(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>The internal id of the caller's workspace, or null when the caller is not bound to one.</summary>
    public static long? TryWorkspaceIdOf(ClaimsPrincipal user) =>
        user.FindFirstValue(WorkspaceId) is { } value ? long.Parse(value, CultureInfo.InvariantCulture) : null;
}
