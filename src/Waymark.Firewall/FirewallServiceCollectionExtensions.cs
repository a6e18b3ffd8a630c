using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Firewall.AllowLists;
using Waymark.Firewall.RateLimits;
using Waymark.Firewall.Schema;
using Waymark.Storage;

namespace Waymark.Firewall;

/// <summary>
/// The application firewall: request rate limits per write key, server key, workspace and source address (429 with
/// <c>Retry-After</c>), and per-workspace IP allow lists for the dashboard and for server keys.
/// </summary>
public static class FirewallServiceCollectionExtensions
{
    /// <summary>The firewall's tables, settings and checks; every role registers them so that <c>migrate</c> knows the tables.</summary>
    public static IServiceCollection AddWaymarkFirewall(this IServiceCollection services)
    {
        services.AddFeatureSchema(FirewallContexts.Schema);
        services.TryAddSingleton<FirewallContexts>();
        services.AddAllowLists();
        services.AddRequestLimits();
        return services;
    }

    /// <summary>
    /// The checks, in the request pipeline after authentication and workspace membership (they need to know the key or
    /// member and its workspace) and before authorization: a refused address is not counted against any limit.
    /// </summary>
    public static IApplicationBuilder UseWaymarkFirewall(this IApplicationBuilder app)
    {
        app.UseAllowLists();
        app.UseRequestLimits();
        return app;
    }

    /// <summary><c>/v1/firewall/…</c>: the workspace's rate limits and allow lists.</summary>
    public static IEndpointRouteBuilder MapFirewallEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapAllowListEndpoints();
        routes.MapRateLimitEndpoints();
        return routes;
    }
}
