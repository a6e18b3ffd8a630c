using Waymark.Storage;

namespace Waymark.Workspaces.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class WorkspaceContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteWorkspacesDbContext, PostgresWorkspacesDbContext>("workspaces", o => new(o), o => new(o));

    public WorkspacesDbContext Create() => (WorkspacesDbContext)Schema.CreateContext(database);
}
