using Waymark.Storage;

namespace Waymark.Workspaces.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class WorkspaceContexts(WaymarkDatabase database)
{
    private const string History = "__workspaces_migrations";

    public WorkspacesDbContext Create() => database.Provider == DatabaseProvider.Sqlite
        ? new SqliteWorkspacesDbContext(database.ContextOptions<SqliteWorkspacesDbContext>(History))
        : new PostgresWorkspacesDbContext(database.ContextOptions<PostgresWorkspacesDbContext>(History));
}
