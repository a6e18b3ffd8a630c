using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Waymark.Firewall.AllowLists;

internal static class AllowListServiceCollectionExtensions
{
    public static IServiceCollection AddAllowLists(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.TryAddSingleton<AllowListStore>();
        return services;
    }

    public static IApplicationBuilder UseAllowLists(this IApplicationBuilder app) => app.UseMiddleware<AllowListMiddleware>();
}
