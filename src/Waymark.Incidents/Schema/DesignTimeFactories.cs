using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Incidents.Schema;

internal sealed class SqliteIncidentsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIncidentsDbContext>
{
    public SqliteIncidentsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteIncidentsDbContext>(FeatureSchema.HistoryTableOf("incidents")));
}

internal sealed class PostgresIncidentsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresIncidentsDbContext>
{
    public PostgresIncidentsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresIncidentsDbContext>(FeatureSchema.HistoryTableOf("incidents")));
}
