using Microsoft.EntityFrameworkCore.Design;
using Waymark.Storage;

namespace Waymark.Workspaces.Schema;

internal sealed class SqliteWorkspacesDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWorkspacesDbContext>
{
    public SqliteWorkspacesDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Sqlite<SqliteWorkspacesDbContext>("__workspaces_migrations"));
}

internal sealed class PostgresWorkspacesDesignTimeFactory : IDesignTimeDbContextFactory<PostgresWorkspacesDbContext>
{
    public PostgresWorkspacesDbContext CreateDbContext(string[] args) => new(DesignTimeContexts.Postgres<PostgresWorkspacesDbContext>("__workspaces_migrations"));
}
