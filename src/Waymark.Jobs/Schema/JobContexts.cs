using Waymark.Storage;

namespace Waymark.Jobs.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class JobContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteJobsDbContext, PostgresJobsDbContext>("jobs", o => new(o), o => new(o));

    public JobsDbContext Create() => (JobsDbContext)Schema.CreateContext(database);
}
