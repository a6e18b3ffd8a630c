using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Jobs.Schema;

internal sealed class SqliteJobsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteJobsDbContext>
{
    public SqliteJobsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteJobsDbContext>(FeatureSchema.HistoryTableOf("jobs")));
}

internal sealed class PostgresJobsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresJobsDbContext>
{
    public PostgresJobsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresJobsDbContext>(FeatureSchema.HistoryTableOf("jobs")));
}
