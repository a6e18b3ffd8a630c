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

    /// <summary>
    /// Registers a feature's schema so <see cref="SchemaMigrator"/> migrates it: <paramref name="sqlite"/> and
    /// <paramref name="postgres"/> build the feature's context (with its own migrations) for each provider.
    /// </summary>
    public static IServiceCollection AddFeatureSchema<TSqlite, TPostgres>(
        this IServiceCollection services,
        string name,
        Func<DbContextOptions<TSqlite>, TSqlite> sqlite,
        Func<DbContextOptions<TPostgres>, TPostgres> postgres)
        where TSqlite : DbContext
        where TPostgres : DbContext
    {
        var history = FeatureSchema.HistoryTableOf(name);
        services.AddSingleton(new FeatureSchema(name, typeof(TSqlite), typeof(TPostgres), database => database.Provider == DatabaseProvider.Sqlite
            ? sqlite(database.ContextOptions<TSqlite>(history))
            : postgres(database.ContextOptions<TPostgres>(history))));
        return services;
    }
}
