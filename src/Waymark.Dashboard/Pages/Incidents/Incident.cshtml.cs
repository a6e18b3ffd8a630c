using Microsoft.AspNetCore.Mvc;
using Waymark.Api;

namespace Waymark.Dashboard.Pages.Incidents;

/// <summary>One of the workspace's incidents.</summary>
[RequirePermission(Permissions.SecurityManage)]
public sealed class IncidentModel : IncidentWorkModel
{
    /// <summary>The workspace's public id, as in the URL (the membership middleware reads the <c>ws</c> route value).</summary>
    [FromRoute(Name = "ws")]
    public string Ws { get; set; } = "";

    public override string ListPath => $"/w/{Ws}/incidents";

    protected override object RouteValues => new { ws = Ws, id = Id };

    protected override Task<long?> ChainAsync() => Task.FromResult<long?>(WorkspaceClaims.WorkspaceIdOf(User));
}
