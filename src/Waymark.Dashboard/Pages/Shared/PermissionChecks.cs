using System.Security.Claims;
using Waymark.Api;

namespace Waymark.Dashboard.Pages.Shared;

/// <summary>Whether the person may do something on the current page, for showing only links and forms that will work.</summary>
public static class PermissionChecks
{
    public static bool Has(this ClaimsPrincipal user, string permission) => user.HasClaim(Permissions.ClaimType, permission);
}
