using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Waymark.Incidents;

/// <summary>
/// Intrusion detection and incident response: detectors over the audit stream raise risk-scored signals, grouped into
/// incidents that owners acknowledge and resolve; high-severity incidents are mailed, sent to a signed webhook and
/// escalated when nobody acknowledges them.
/// </summary>
public static class IncidentsServiceCollectionExtensions
{
    /// <summary>The incidents' tables and stores; every role registers them so that <c>migrate</c> knows the tables.</summary>
    public static IServiceCollection AddWaymarkIncidents(this IServiceCollection services) => services;

    /// <summary>The detectors, the scheduled audit-chain verification and the escalation clock (worker role).</summary>
    public static IServiceCollection AddWaymarkIncidentWorker(this IServiceCollection services) => services;

    /// <summary><c>/v1/incidents…</c>.</summary>
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder routes) => routes;
}
