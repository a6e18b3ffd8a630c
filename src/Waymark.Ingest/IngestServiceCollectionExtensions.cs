using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Ingest.Api;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.IdentityVerification;
using Waymark.Ingest.Reading;
using Waymark.Ingest.Schema;
using Waymark.Ingest.Sealing;
using Waymark.Ingest.Telemetry;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Ingest;

public static class IngestServiceCollectionExtensions
{
    public const string MeterName = IngestMetrics.MeterName;

    /// <summary>
    /// The event store schema, which every role registers so that <c>migrate</c> knows it, and identity verification,
    /// which the ingest role enforces and the app role configures.
    /// </summary>
    public static IServiceCollection AddIngestSchema(this IServiceCollection services)
    {
        services.AddFeatureSchema(FeatureSchema.For<SqliteIngestDbContext, PostgresIngestDbContext>("ingest", o => new(o), o => new(o)));
        services.TryAddSingleton<IdentitySecrets>();
        services.TryAddSingleton<IdentityVerificationSettings>();
        services.TryAddSingleton<IdentityVerifier>();
        return services;
    }

    /// <summary>The ingest and read API with its writer. <paramref name="healthChecks"/> gets the queue readiness check.</summary>
    public static IServiceCollection AddWaymarkIngest(this IServiceCollection services, IHealthChecksBuilder healthChecks)
    {
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section)
            .Validate(o => o.QueueCapacity > 0 && o.MaxEventsPerCommit > 0 && o.PostgresWriters > 0, "Ingest queue capacity, commit size and writer count must be positive.")
            .ValidateOnStart();
        services.AddSingleton<IngestQueue>();
        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<CallSealer>();
        services.AddSingleton<SuppressionFilter>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<IStoredEventsObserver, EventCounter>();
        services.TryAddSingleton<SubjectReader>();
        services.AddHostedService<BatchWriter>();
        healthChecks.AddCheck<IngestReadiness>("ingest-queue", tags: ["ready"]);
        return services;
    }

    /// <summary><c>/v1/identity-verification</c> (app role).</summary>
    public static IEndpointRouteBuilder MapIdentityVerificationEndpoints(this IEndpointRouteBuilder routes) =>
        IdentityVerificationEndpoints.MapIdentityVerificationEndpoints(routes);

    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder routes)
    {
        IngestEndpoints.MapIngestEndpoints(routes);
        routes.MapReadEndpoints();
        return routes;
    }
}
