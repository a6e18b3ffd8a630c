using Microsoft.EntityFrameworkCore;

namespace Waymark.Workspaces.Schema;

internal abstract class WorkspacesDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<WorkspaceRow> Workspaces => Set<WorkspaceRow>();

    public DbSet<ApiKeyRow> ApiKeys => Set<ApiKeyRow>();

    public DbSet<DataClassRow> DataClasses => Set<DataClassRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkspaceRow>(e =>
        {
            e.ToTable("workspaces");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PublicId).HasColumnName("public_id").HasMaxLength(40);
            e.HasIndex(x => x.PublicId).IsUnique();
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.Entity<ApiKeyRow>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Prefix).HasColumnName("prefix").HasMaxLength(16);
            e.Property(x => x.Hash).HasColumnName("hash");
            e.HasIndex(x => x.Hash).IsUnique();
            e.HasIndex(x => x.WorkspaceId);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        });
        modelBuilder.Entity<DataClassRow>(e =>
        {
            e.ToTable("data_classes");
            e.HasKey(x => new { x.WorkspaceId, x.Key });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(200);
            e.Property(x => x.Class).HasColumnName("class");
        });
    }
}

internal sealed class SqliteWorkspacesDbContext(DbContextOptions<SqliteWorkspacesDbContext> options) : WorkspacesDbContext(options);

internal sealed class PostgresWorkspacesDbContext(DbContextOptions<PostgresWorkspacesDbContext> options) : WorkspacesDbContext(options);

internal sealed class WorkspaceRow
{
    public long Id { get; set; }

    public string PublicId { get; set; } = "";

    public string Name { get; set; } = "";

    public long CreatedAt { get; set; }
}

internal sealed class ApiKeyRow
{
    public long Id { get; set; }

    public long WorkspaceId { get; set; }

    public int Kind { get; set; }

    public string Prefix { get; set; } = "";

    public byte[] Hash { get; set; } = [];

    public long CreatedAt { get; set; }

    public long? RevokedAt { get; set; }
}

internal sealed class DataClassRow
{
    public long WorkspaceId { get; set; }

    public string Key { get; set; } = "";

    public int Class { get; set; }
}
