using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Backups.Schema;

internal sealed class SqliteBackupsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBackupsDbContext>
{
    public SqliteBackupsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteBackupsDbContext>(FeatureSchema.HistoryTableOf("backups")));
}

internal sealed class PostgresBackupsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBackupsDbContext>
{
    public PostgresBackupsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresBackupsDbContext>(FeatureSchema.HistoryTableOf("backups")));
}
