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

    /// <summary>Registers a feature's schema (see <see cref="FeatureSchema.For"/>) so <see cref="SchemaMigrator"/> migrates it.</summary>
    public static IServiceCollection AddFeatureSchema(this IServiceCollection services, FeatureSchema schema) =>
        services.AddSingleton(schema);
}
