using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Decision;
using Waymark.Experiences.Delivery;
using Waymark.Experiences.Progress;
using Waymark.Experiences.Schema;
using Waymark.Experiences.Surveys;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.Retention;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Experiences;

/// <summary>
/// In-app experiences: flows, checklists and surveys authored and published in the dashboard, users' progress through them,
/// and the content API with which the browser SDK asks what one user should see now.
/// </summary>
public static class ExperiencesServiceCollectionExtensions
{
    public const string MeterName = ContentMetrics.MeterName;

    /// <summary>The content tables and stores; every role registers them (migrations, deletion purges, the ingest writer's progress).</summary>
    public static IServiceCollection AddWaymarkExperiences(this IServiceCollection services)
    {
        services.AddFeatureSchema(ExperienceContexts.Schema);
        services.TryAddSingleton<ExperienceContexts>();
        services.TryAddSingleton<ContentRevisions>();
        services.TryAddSingleton<ContentStore>();
        services.TryAddSingleton<ProgressReport>();
        services.TryAddSingleton(_ => SdkBundle.Load());
        services.AddSingleton<IStoredEventsObserver, ProgressRecorder>();
        services.AddSingleton<ISubjectRowsOwner, ProgressRows>();
        services.TryAddSingleton<SurveyResultsReport>();
        services.TryAddSingleton<OpenAnswersReader>();
        services.AddSingleton<IStoredEventsObserver, SurveyAnswerRecorder>();
        services.AddSingleton<ISubjectRowsOwner, SurveyAnswerRows>();
        services.AddSingleton<IEventRollupOwner, SurveyAnswerRows>();
        return services;
    }

    /// <summary>The content decision and the SDK bundle (ingest role).</summary>
    public static IServiceCollection AddWaymarkContentDelivery(this IServiceCollection services)
    {
        services.TryAddSingleton<LiveContentCache>();
        services.TryAddSingleton<ContentDecider>();
        services.TryAddSingleton<ContentMetrics>();
        return services;
    }

    /// <summary><c>GET /v1/content</c> and <c>/sdk/waymark.js</c> (ingest role).</summary>
    public static IEndpointRouteBuilder MapContentDeliveryEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapContentApi();
        routes.MapSdkEndpoints();
        return routes;
    }

    /// <summary><c>/v1/flows</c>, <c>/v1/checklists</c> and <c>/v1/surveys</c> with survey results (app role).</summary>
    public static IEndpointRouteBuilder MapExperienceEndpoints(this IEndpointRouteBuilder routes) => routes.MapContentEndpoints().MapSurveyEndpoints();
}
