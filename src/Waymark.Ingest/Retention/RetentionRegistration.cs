using Microsoft.Extensions.DependencyInjection;
using Waymark.Jobs;

namespace Waymark.Ingest.Retention;

internal static class RetentionRegistration
{
    /// <summary>The setting and the purge handler, in every role; only worker processes run the handler.</summary>
    public static IServiceCollection AddEventRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "Waymark:Retention:CheckInterval must be positive.");
        services.AddSingleton<RetentionSettings>();
        services.AddSingleton<IJobHandler, RetentionPurgeHandler>();
        return services;
    }

    /// <summary>The worker role's daily schedule.</summary>
    public static IServiceCollection AddRetentionScheduler(this IServiceCollection services)
    {
        services.AddSingleton<RetentionScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionScheduler>());
        return services;
    }
}
