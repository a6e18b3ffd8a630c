using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Errors;

/// <summary>
/// The page shown for 4xx and 5xx answers outside the API, keeping their status. It may be re-executed for a POST
/// whose antiforgery token was refused, so it must not check that token itself.
/// </summary>
[AllowAnonymousBecause("Renders error status pages (not found, permission denied) for everyone; it shows nothing but the status.")]
[IgnoreAntiforgeryToken]
public sealed class IndexModel : DashboardPageModel
{
    [FromRoute(Name = "code")]
    public int Code { get; set; }

    /// <summary>The permission the refused page needs, when the refusal was a 403 on a page that names one.</summary>
    public string? MissingPermission { get; private set; }

    /// <summary>Whether the refused page was in a workspace the person does not belong to.</summary>
    public bool NotAMember { get; private set; }

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        if (Code is >= 400 and <= 599)
        {
            Response.StatusCode = Code;
        }

        if (Code != StatusCodes.Status403Forbidden || HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not { } original)
        {
            return;
        }

        MissingPermission = original.Endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy)
            .FirstOrDefault(p => p is not null && Permissions.IsKnown(p) && !User.Has(p));
        NotAMember = original.RouteValues?.ContainsKey("ws") == true && WorkspaceClaims.TryWorkspaceIdOf(User) is null;
    }
}
