using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.StaffAccess.Schema;

internal sealed class SqliteStaffAccessDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStaffAccessDbContext>
{
    public SqliteStaffAccessDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteStaffAccessDbContext>(FeatureSchema.HistoryTableOf("staffaccess")));
}

internal sealed class PostgresStaffAccessDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStaffAccessDbContext>
{
    public PostgresStaffAccessDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresStaffAccessDbContext>(FeatureSchema.HistoryTableOf("staffaccess")));
}
