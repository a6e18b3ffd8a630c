using Waymark.Storage;

namespace Waymark.Workspaces.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class WorkspaceContexts(WaymarkDatabase database)
{
    public const string Feature = "workspaces";
    private static readonly string History = FeatureSchema.HistoryTableOf(Feature);

    public WorkspacesDbContext Create() => database.Provider == DatabaseProvider.Sqlite
        ? new SqliteWorkspacesDbContext(database.ContextOptions<SqliteWorkspacesDbContext>(History))
        : new PostgresWorkspacesDbContext(database.ContextOptions<PostgresWorkspacesDbContext>(History));
}
