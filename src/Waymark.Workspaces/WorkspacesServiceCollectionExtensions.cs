using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Storage;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.DataClasses;
using Waymark.Workspaces.Schema;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Workspaces;

public static class WorkspacesServiceCollectionExtensions
{
    /// <summary>The authentication scheme that accepts write keys and server keys.</summary>
    public const string ApiKeyScheme = ApiKeyAuthenticationHandler.SchemeName;

    public static IServiceCollection AddWaymarkWorkspaces(this IServiceCollection services)
    {
        services.AddMemoryCache(o => o.SizeLimit = 100_000);
        services.AddSingleton<WorkspaceContexts>();
        services.AddSingleton(sp => new WorkspaceService(sp.GetRequiredService<WorkspaceContexts>(), sp.GetRequiredService<KeyRing>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IAuditLog>()));
        services.AddSingleton(sp => new KeyService(sp.GetRequiredService<WorkspaceContexts>(), sp.GetRequiredService<ApiKeyStore>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DataClassStore(sp.GetRequiredService<WorkspaceContexts>(), sp.GetRequiredService<IMemoryCache>(), sp.GetRequiredService<IAuditLog>()));
        services.AddSingleton<ApiKeyStore>();
        services.AddFeatureSchema(WorkspaceContexts.Schema);
        services.AddAuthentication()
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null);
        services.AddPermissionPolicies();
        return services;
    }

    public static IEndpointRouteBuilder MapWorkspaceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapDataClassEndpoints();
        routes.MapKeyEndpoints();
        return routes;
    }
}
