using Microsoft.EntityFrameworkCore;

namespace Waymark.Crypto.Schema;

/// <summary>Wrapped keys: one per workspace (wrapped by the master key) and one per subject (wrapped by the workspace key).</summary>
internal abstract class CryptoDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<WorkspaceKeyRow> WorkspaceKeys => Set<WorkspaceKeyRow>();

    public DbSet<SubjectKeyRow> SubjectKeys => Set<SubjectKeyRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkspaceKeyRow>(e =>
        {
            e.ToTable("workspace_keys");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.WrappedKey).HasColumnName("wrapped_key");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.Entity<SubjectKeyRow>(e =>
        {
            e.ToTable("subject_keys");
            e.HasKey(x => new { x.WorkspaceId, x.SubjectHash });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.SubjectHash).HasColumnName("subject_hash");
            e.Property(x => x.WrappedKey).HasColumnName("wrapped_key");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
    }
}

internal sealed class SqliteCryptoDbContext(DbContextOptions<SqliteCryptoDbContext> options) : CryptoDbContext(options);

internal sealed class PostgresCryptoDbContext(DbContextOptions<PostgresCryptoDbContext> options) : CryptoDbContext(options);

internal sealed class WorkspaceKeyRow
{
    public long WorkspaceId { get; set; }

    public byte[] WrappedKey { get; set; } = [];

    public long CreatedAt { get; set; }
}

internal sealed class SubjectKeyRow
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public byte[] WrappedKey { get; set; } = [];

    public long CreatedAt { get; set; }
}
