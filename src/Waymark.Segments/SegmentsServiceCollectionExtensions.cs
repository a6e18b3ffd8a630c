using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Segments.Catalog;
using Waymark.Segments.Evaluation;
using Waymark.Segments.Http;
using Waymark.Segments.Rules;
using Waymark.Segments.Schema;
using Waymark.Segments.Sql;
using Waymark.Segments.Storage;
using Waymark.Storage;

namespace Waymark.Segments;

/// <summary>
/// Segments: named rule trees over users' traits, their companies' traits and their event history, counted in SQL for
/// the dashboard and evaluated in memory for one user by the content API.
/// </summary>
public static class SegmentsServiceCollectionExtensions
{
    /// <summary>The segments table and the services that parse, count, evaluate and store segments; every role registers them.</summary>
    public static IServiceCollection AddWaymarkSegments(this IServiceCollection services)
    {
        services.AddFeatureSchema(SegmentsContexts.Schema);
        services.TryAddSingleton<SegmentsContexts>();
        services.TryAddSingleton<SegmentRules>();
        services.TryAddSingleton<SegmentCatalog>();
        services.TryAddSingleton<SegmentStore>();
        services.TryAddSingleton<SegmentCounter>();
        services.TryAddSingleton<TraitKeyList>();
        services.TryAddSingleton<SubjectStateLoader>();
        return services;
    }

    /// <summary><c>/v1/segments…</c>.</summary>
    public static IEndpointRouteBuilder MapSegmentEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapSegmentRoutes();
        return routes;
    }
}
