using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Audit.Schema;

internal sealed class SqliteAuditDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAuditDbContext>
{
    public SqliteAuditDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteAuditDbContext>(FeatureSchema.HistoryTableOf("audit")));
}

internal sealed class PostgresAuditDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAuditDbContext>
{
    public PostgresAuditDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresAuditDbContext>(FeatureSchema.HistoryTableOf("audit")));
}
