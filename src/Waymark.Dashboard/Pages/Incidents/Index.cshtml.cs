using Microsoft.AspNetCore.Mvc;
using Waymark.Api;

namespace Waymark.Dashboard.Pages.Incidents;

/// <summary>The workspace's incidents.</summary>
[RequirePermission(Permissions.SecurityManage)]
public sealed class IndexModel : IncidentListModel
{
    /// <summary>The workspace's public id, as in the URL (the membership middleware reads the <c>ws</c> route value).</summary>
    [FromRoute(Name = "ws")]
    public string Ws { get; set; } = "";

    public override string BasePath => $"/w/{Ws}/incidents";

    protected override Task<long?> ChainAsync() => Task.FromResult<long?>(WorkspaceClaims.WorkspaceIdOf(User));
}
