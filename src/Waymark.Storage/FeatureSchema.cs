using Microsoft.EntityFrameworkCore;

namespace Waymark.Storage;

/// <summary>
/// A feature's tables: one EF Core context per provider (each with its own generated migrations),
/// so a feature owns its data access while every schema is migrated by one command.
/// </summary>
public sealed class FeatureSchema(string name, Type sqliteContext, Type postgresContext, Func<WaymarkDatabase, DbContext> createContext)
{
    public string Name { get; } = name;

    /// <summary>The context type whose migrations apply to <paramref name="provider"/>.</summary>
    public Type ContextTypeFor(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? sqliteContext : postgresContext;

    /// <summary>The table in which EF Core records this feature's applied migrations.</summary>
    public string HistoryTable => HistoryTableOf(Name);

    public static string HistoryTableOf(string feature) => $"__{feature}_migrations";

    public DbContext CreateContext(WaymarkDatabase database) => createContext(database);

    /// <summary>A feature whose <paramref name="sqlite"/> and <paramref name="postgres"/> contexts each carry that provider's migrations.</summary>
    public static FeatureSchema For<TSqlite, TPostgres>(string name, Func<DbContextOptions<TSqlite>, TSqlite> sqlite, Func<DbContextOptions<TPostgres>, TPostgres> postgres)
        where TSqlite : DbContext
        where TPostgres : DbContext
    {
        var history = HistoryTableOf(name);
        return new FeatureSchema(name, typeof(TSqlite), typeof(TPostgres), database => database.Provider == DatabaseProvider.Sqlite
            ? sqlite(database.ContextOptions<TSqlite>(history))
            : postgres(database.ContextOptions<TPostgres>(history)));
    }
}
