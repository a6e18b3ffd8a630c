using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.Jobs.Http;
using Waymark.Jobs.Running;
using Waymark.Jobs.Schema;
using Waymark.Storage;

namespace Waymark.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// The jobs table and what every role needs of it: <see cref="JobQueue"/> to enqueue and <see cref="JobQuery"/> to
    /// report. Handlers are registered as <see cref="IJobHandler"/> singletons. Needs a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddWaymarkJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section)
            .Validate(
                o => o.PollInterval > TimeSpan.Zero && o.LeaseDuration >= TimeSpan.FromSeconds(1) && o.MaxAttempts > 0 && o.Concurrency > 0 && o.MaxErrors >= 0,
                "Waymark:Jobs needs a positive poll interval, a lease of at least a second, and positive attempts and concurrency.");
        services.AddFeatureSchema(JobContexts.Schema);
        services.TryAddSingleton<JobContexts>();
        services.TryAddSingleton<JobSignal>();
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton(sp => new JobQueue(sp.GetRequiredService<JobStore>(), sp.GetRequiredService<JobSignal>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new JobQuery(sp.GetRequiredService<JobContexts>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The worker role: a background service that claims jobs and runs their handlers. Needs <see cref="AddWaymarkJobs"/>.</summary>
    public static IServiceCollection AddWaymarkJobWorker(this IServiceCollection services)
    {
        services.AddHostedService<JobWorker>();
        return services;
    }

    /// <summary><c>GET /v1/background_jobs</c> and <c>GET /v1/background_jobs/{job_id}</c>, behind <c>workspace:view</c>.</summary>
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapJobRoutes();
        return routes;
    }
}
