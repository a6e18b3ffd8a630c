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
            e.Property(x => x.HipaaMode).HasColumnName("hipaa_mode");
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
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            e.Property(x => x.Scopes).HasColumnName("scopes").HasMaxLength(1000);
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.Property(x => x.LastUsedAt).HasColumnName("last_used_at");
            e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(64);
            e.HasIndex(x => new { x.WorkspaceId, x.CreatedBy });
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

    /// <summary>Whether keys not classified explicitly are stored as PHI (see <c>DataClassMap</c>).</summary>
    public bool HipaaMode { get; set; }
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

    public string Name { get; set; } = "";

    /// <summary>The permissions the key carries, space-separated.</summary>
    public string Scopes { get; set; } = "";

    /// <summary>When the key stops working by itself (an expiring key, or an old write key in its rotation overlap).</summary>
    public long? ExpiresAt { get; set; }

    /// <summary>Updated at most once a minute per key, so that a busy key costs no write per request.</summary>
    public long? LastUsedAt { get; set; }

    /// <summary>The account that created the key, so that offboarding can revoke it; null for keys made by an operator.</summary>
    public string? CreatedBy { get; set; }
}

internal sealed class DataClassRow
{
    public long WorkspaceId { get; set; }

    public string Key { get; set; } = "";

    public int Class { get; set; }
}
