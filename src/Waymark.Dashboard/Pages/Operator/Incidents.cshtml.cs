using Waymark.Api;
using Waymark.Dashboard.Pages.Incidents;

namespace Waymark.Dashboard.Pages.Operator;

/// <summary>The installation's incidents, for operators and the instance owner.</summary>
[RequirePermission(Permissions.AccountSelf)]
public sealed class IncidentsModel : IncidentListModel
{
    public override string BasePath => "/operator/incidents";

    protected override Task<long?> ChainAsync() => InstanceIncidentAccess.ChainAsync(HttpContext);
}
