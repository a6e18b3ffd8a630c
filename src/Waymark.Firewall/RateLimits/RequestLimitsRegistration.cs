using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Waymark.Firewall.RateLimits;

internal static class RequestLimitsRegistration
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.IsValid(), $"Each limit under {RateLimitOptions.Section} is a number of requests per minute from {RateLimitSettings.MinPerMinute} to {RateLimitSettings.MaxPerMinute}.")
            .ValidateOnStart();
        services.TryAddSingleton<RateLimitSettings>();
        services.TryAddSingleton<RateLimitMetrics>();
        services.TryAddSingleton<RateLimitedAudit>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RateLimitRejection.OnRejectedAsync;

            // A request counts against its key's own limit before its workspace's: a key refused for its own excess
            // then takes nothing from the workspace's budget, so one runaway key cannot starve the workspace's others.
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                new KindRateLimiter(RateLimitKind.Address),
                new KindRateLimiter(RateLimitKind.WriteKey),
                new KindRateLimiter(RateLimitKind.ServerKey),
                new KindRateLimiter(RateLimitKind.Workspace));
        });
        return services;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app)
    {
        app.UseMiddleware<RequestLimitResolver>();
        app.UseRateLimiter();
        return app;
    }
}
