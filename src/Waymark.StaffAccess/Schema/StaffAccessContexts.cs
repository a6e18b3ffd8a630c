using Waymark.Storage;

namespace Waymark.StaffAccess.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class StaffAccessContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteStaffAccessDbContext, PostgresStaffAccessDbContext>("staffaccess", o => new(o), o => new(o));

    public StaffAccessDbContext Create() => (StaffAccessDbContext)Schema.CreateContext(database);
}
