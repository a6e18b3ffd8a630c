using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Ingest.Schema;

internal sealed class SqliteIngestDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIngestDbContext>
{
    public SqliteIngestDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteIngestDbContext>(FeatureSchema.HistoryTableOf("ingest")));
}

internal sealed class PostgresIngestDesignTimeFactory : IDesignTimeDbContextFactory<PostgresIngestDbContext>
{
    public PostgresIngestDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresIngestDbContext>(FeatureSchema.HistoryTableOf("ingest")));
}
