using Waymark.Storage;

namespace Waymark.AccessReviews.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class AccessReviewContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteAccessReviewsDbContext, PostgresAccessReviewsDbContext>("access_reviews", o => new(o), o => new(o));

    public AccessReviewsDbContext Create() => (AccessReviewsDbContext)Schema.CreateContext(database);
}
