using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Workspaces.Schema;

internal sealed class SqliteWorkspacesDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWorkspacesDbContext>
{
    public SqliteWorkspacesDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteWorkspacesDbContext>(FeatureSchema.HistoryTableOf("workspaces")));
}

internal sealed class PostgresWorkspacesDesignTimeFactory : IDesignTimeDbContextFactory<PostgresWorkspacesDbContext>
{
    public PostgresWorkspacesDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresWorkspacesDbContext>(FeatureSchema.HistoryTableOf("workspaces")));
}
