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
}
