using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Storage;
using Waymark.Api;
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
        services.AddSingleton(sp => new WorkspaceService(sp.GetRequiredService<WorkspaceContexts>(), sp.GetRequiredService<Crypto.Keys.KeyRing>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new DataClassStore(sp.GetRequiredService<WorkspaceContexts>(), sp.GetRequiredService<Microsoft.Extensions.Caching.Memory.IMemoryCache>()));
        services.AddSingleton<ApiKeyStore>();
        services.AddFeatureSchema<SqliteWorkspacesDbContext, PostgresWorkspacesDbContext>(WorkspaceContexts.Feature, o => new(o), o => new(o));
        services.AddAuthentication(ApiKeyScheme)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null);
        services.AddPermissionPolicies(ApiKeyScheme);
        return services;
    }

    public static IEndpointRouteBuilder MapWorkspaceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapDataClassEndpoints();
        return routes;
    }
}
