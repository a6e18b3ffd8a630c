using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Firewall.Schema;

internal sealed class SqliteFirewallDesignTimeFactory : IDesignTimeDbContextFactory<SqliteFirewallDbContext>
{
    public SqliteFirewallDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteFirewallDbContext>(FeatureSchema.HistoryTableOf("firewall")));
}

internal sealed class PostgresFirewallDesignTimeFactory : IDesignTimeDbContextFactory<PostgresFirewallDbContext>
{
    public PostgresFirewallDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresFirewallDbContext>(FeatureSchema.HistoryTableOf("firewall")));
}
