using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Segments.Schema;

internal sealed class SqliteSegmentsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteSegmentsDbContext>
{
    public SqliteSegmentsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteSegmentsDbContext>(FeatureSchema.HistoryTableOf("segments")));
}

internal sealed class PostgresSegmentsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresSegmentsDbContext>
{
    public PostgresSegmentsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresSegmentsDbContext>(FeatureSchema.HistoryTableOf("segments")));
}
