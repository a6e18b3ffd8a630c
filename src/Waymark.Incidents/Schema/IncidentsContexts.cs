using Waymark.Storage;

namespace Waymark.Incidents.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class IncidentsContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteIncidentsDbContext, PostgresIncidentsDbContext>("incidents", o => new(o), o => new(o));

    public IncidentsDbContext Create() => (IncidentsDbContext)Schema.CreateContext(database);
}
