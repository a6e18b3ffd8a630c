using Waymark.Api;
using Waymark.Dashboard.Pages.Incidents;

namespace Waymark.Dashboard.Pages.Operator;

/// <summary>One of the installation's incidents, for operators and the instance owner.</summary>
[RequirePermission(Permissions.AccountSelf)]
public sealed class IncidentModel : IncidentWorkModel
{
    public override string ListPath => "/operator/incidents";

    protected override object RouteValues => new { id = Id };

    protected override Task<long?> ChainAsync() => InstanceIncidentAccess.ChainAsync(HttpContext);
}
