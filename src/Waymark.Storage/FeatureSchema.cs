using Microsoft.EntityFrameworkCore;

namespace Waymark.Storage;

/// <summary>
/// A feature's tables: one EF Core context per provider (each with its own generated migrations),
/// so a feature owns its data access while every schema is migrated by one command.
/// </summary>
public sealed class FeatureSchema(string name, Func<WaymarkDatabase, DbContext> createContext)
{
    public string Name { get; } = name;

    public DbContext CreateContext(WaymarkDatabase database) => createContext(database);
}
