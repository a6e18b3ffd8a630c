using Microsoft.AspNetCore.Authorization;

namespace Waymark.Api;

/// <summary>Requires one named permission (see <see cref="Permissions"/>) on a dashboard page or controller.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequirePermissionAttribute : AuthorizeAttribute
{
    public RequirePermissionAttribute(string permission)
        : base(permission)
    {
        if (!Permissions.IsKnown(permission))
        {
            throw new ArgumentException($"Unknown permission '{permission}'.", nameof(permission));
        }
    }
}
