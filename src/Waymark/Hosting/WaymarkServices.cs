using Waymark.Crypto;
using Waymark.Ingest;
using Waymark.Storage;
using Waymark.Workspaces;

namespace Waymark.Hosting;

/// <summary>The services every process needs, whatever its role: storage, keys, workspaces and every feature's schema.</summary>
internal static class WaymarkServices
{
    public static IServiceCollection AddWaymarkCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddWaymarkStorage();
        services.AddWaymarkCrypto();
        services.AddWaymarkWorkspaces();
        services.AddIngestSchema();
        return services;
    }
}
