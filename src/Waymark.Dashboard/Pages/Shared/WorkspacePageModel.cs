using Microsoft.AspNetCore.Mvc;
using Waymark.Api;

namespace Waymark.Dashboard.Pages.Shared;

/// <summary>
/// A page under <c>/w/{ws}</c>. The route value must be called <c>ws</c>: the membership middleware reads it to add the
/// person's permissions in that workspace, and the workspace id then comes from those claims, never from the URL.
/// </summary>
public abstract class WorkspacePageModel : DashboardPageModel
{
    /// <summary>The workspace's public id, as in the URL.</summary>
    [FromRoute(Name = "ws")]
    public string Ws { get; set; } = "";

    /// <summary>The workspace's internal id, set by the membership middleware for members only.</summary>
    protected long WorkspaceId => WorkspaceClaims.WorkspaceIdOf(User);
}
