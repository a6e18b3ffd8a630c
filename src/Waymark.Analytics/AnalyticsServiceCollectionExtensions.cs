using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Analytics.Activity;
using Waymark.Analytics.Http;
using Waymark.Analytics.Queries;
using Waymark.Analytics.Schema;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.Retention;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Analytics;

/// <summary>
/// Product analytics over the event store: trends, funnels, retention and experience results, computed in SQL from
/// public values only, for the dashboard and the API.
/// </summary>
public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// The <c>activity_days</c> rollup (kept by the ingest writer, purged with a deleted user) and the query services;
    /// every role registers them. Register after the ingest schema: this schema's first migration backfills from it.
    /// </summary>
    public static IServiceCollection AddWaymarkAnalytics(this IServiceCollection services)
    {
        services.AddFeatureSchema(AnalyticsContexts.Schema);
        services.AddSingleton<IStoredEventsObserver, ActivityRecorder>();
        services.AddSingleton<ISubjectRowsOwner, ActivityRows>();
        services.AddSingleton<IEventRollupOwner, ActivityRows>();
        services.TryAddSingleton<AudienceResolver>();
        services.TryAddSingleton<TrendQuery>();
        services.TryAddSingleton<EventNameQuery>();
        services.TryAddSingleton<FunnelQuery>();
        services.TryAddSingleton<RetentionQuery>();
        services.TryAddSingleton<ExperienceResultsQuery>();
        return services;
    }

    /// <summary><c>/v1/analytics/…</c> (app role).</summary>
    public static IEndpointRouteBuilder MapAnalyticsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapAnalyticsRoutes();
        return routes;
    }
}
