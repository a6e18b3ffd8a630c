using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.AccessReviews.Schema;

internal sealed class SqliteAccessReviewsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAccessReviewsDbContext>
{
    public SqliteAccessReviewsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteAccessReviewsDbContext>(FeatureSchema.HistoryTableOf("access_reviews")));
}

internal sealed class PostgresAccessReviewsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAccessReviewsDbContext>
{
    public PostgresAccessReviewsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresAccessReviewsDbContext>(FeatureSchema.HistoryTableOf("access_reviews")));
}
