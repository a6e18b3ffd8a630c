using Waymark.Storage;

namespace Waymark.Segments.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class SegmentsContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteSegmentsDbContext, PostgresSegmentsDbContext>("segments", o => new(o), o => new(o));

    public SegmentsDbContext Create() => (SegmentsDbContext)Schema.CreateContext(database);
}
