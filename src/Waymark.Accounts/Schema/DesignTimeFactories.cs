using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Accounts.Schema;

internal sealed class SqliteAccountsDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAccountsDbContext>
{
    public SqliteAccountsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteAccountsDbContext>(FeatureSchema.HistoryTableOf("accounts")));
}

internal sealed class PostgresAccountsDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAccountsDbContext>
{
    public PostgresAccountsDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresAccountsDbContext>(FeatureSchema.HistoryTableOf("accounts")));
}
