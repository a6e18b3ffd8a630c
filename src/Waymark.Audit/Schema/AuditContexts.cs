using Waymark.Storage;

namespace Waymark.Audit.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class AuditContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteAuditDbContext, PostgresAuditDbContext>("audit", o => new(o), o => new(o));

    public AuditDbContext Create() => (AuditDbContext)Schema.CreateContext(database);
}
