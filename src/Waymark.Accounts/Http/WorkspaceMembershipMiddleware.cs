using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Http;

/// <summary>
/// For a signed-in person on a workspace page (<c>/w/{ws}/...</c>), adds the workspace and the permissions of their
/// role there as claims, read fresh on every request, so that a role change or removal applies at once. Keys carry
/// their permissions already; both then meet the same permission policies. A membership suspended by a require-MFA
/// policy grants nothing, and its workspace pages send the person to enrolment instead.
/// </summary>
internal sealed class WorkspaceMembershipMiddleware(RequestDelegate next)
{
    public const string RouteValue = "ws";

    public async Task InvokeAsync(HttpContext context, WorkspaceService workspaces, MemberDirectory members)
    {
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme
            && context.Request.RouteValues.TryGetValue(RouteValue, out var value) && value is string publicId
            && context.User.FindFirstValue(WorkspaceClaims.ActorId) is { } accountId
            && await workspaces.FindIdAsync(publicId, context.RequestAborted) is { } workspaceId)
        {
            var (role, permissions, suspended) = await members.PermissionsOfAsync(accountId, workspaceId, context.RequestAborted);
            if (suspended is not null && !context.Request.Path.StartsWithSegments("/v1"))
            {
                // A suspended member may reach only the page that lifts the suspension.
                context.Response.Redirect("/account/security?suspended=" + Uri.EscapeDataString(publicId));
                return;
            }

            if (role is not null && suspended is null)
            {
                WorkspaceClaims.Grant(context.User, workspaceId, publicId, permissions, "workspace-membership", new Claim(MembershipClaims.Role, role));
            }
        }

        await next(context);
    }
}

/// <summary>Claims that only members' sessions carry.</summary>
public static class MembershipClaims
{
    /// <summary>The member's role key in the workspace of the current page.</summary>
    public const string Role = "waymark:role";
}
