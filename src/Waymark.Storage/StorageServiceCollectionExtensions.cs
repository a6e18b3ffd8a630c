using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Waymark.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddWaymarkStorage(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: ["ready"]);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton<WaymarkDatabase>();
        services.AddSingleton<SchemaMigrator>();
        return services;
    }

    /// <summary>Registers a feature's schema so <see cref="SchemaMigrator"/> migrates it; the factory builds the context for the configured provider.</summary>
    public static IServiceCollection AddFeatureSchema(this IServiceCollection services, string name, Func<WaymarkDatabase, DbContext> createContext)
    {
        services.AddSingleton(new FeatureSchema(name, createContext));
        return services;
    }
}
