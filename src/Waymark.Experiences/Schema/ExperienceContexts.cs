using Waymark.Storage;

namespace Waymark.Experiences.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class ExperienceContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteExperiencesDbContext, PostgresExperiencesDbContext>("experiences", o => new(o), o => new(o));

    public ExperiencesDbContext Create() => (ExperiencesDbContext)Schema.CreateContext(database);
}
