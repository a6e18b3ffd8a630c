using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.Export;
using Waymark.Ingest.Reading;
using Waymark.Ingest.Rectification;
using Waymark.Ingest.Retention;

namespace Waymark.Ingest;

/// <summary>
/// Data subject rights over the event store: deletion (with suppression and the deletion ledger), export, rectification
/// and event retention. Their job handlers are registered in every role; only worker processes run them.
/// </summary>
public static class DataSubjectsServiceCollectionExtensions
{
    public static IServiceCollection AddWaymarkDataSubjects(this IServiceCollection services)
    {
        services.TryAddSingleton<SubjectReader>();
        services.AddSubjectDeletion();
        services.AddSubjectExport();
        services.AddSubjectRectification();
        services.AddEventRetention();
        return services;
    }

    /// <summary>The worker role's part: the daily retention purge schedule.</summary>
    public static IServiceCollection AddWaymarkDataSubjectWorker(this IServiceCollection services) => services.AddRetentionScheduler();

    /// <summary>
    /// <c>DELETE /v1/users</c>, <c>/v1/companies</c> (batch and single), unsuppression, exports, rectification and the
    /// retention setting.
    /// </summary>
    public static IEndpointRouteBuilder MapDataSubjectEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapDeletionEndpoints();
        routes.MapExportEndpoints();
        routes.MapRectificationEndpoints();
        routes.MapRetentionEndpoints();
        return routes;
    }
}
