using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Analytics.Schema;

internal sealed class SqliteAnalyticsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAnalyticsDbContext>
{
    public SqliteAnalyticsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteAnalyticsDbContext>(FeatureSchema.HistoryTableOf("analytics")));
}

internal sealed class PostgresAnalyticsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAnalyticsDbContext>
{
    public PostgresAnalyticsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresAnalyticsDbContext>(FeatureSchema.HistoryTableOf("analytics")));
}
