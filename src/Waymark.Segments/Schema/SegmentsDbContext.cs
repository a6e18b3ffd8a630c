using Microsoft.EntityFrameworkCore;

namespace Waymark.Segments.Schema;

/// <summary>Saved segments (<c>segments</c>), names unique per workspace.</summary>
internal abstract class SegmentsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<SegmentRow> Segments => Set<SegmentRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SegmentRow>(e =>
        {
            e.ToTable("segments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.Definition).HasColumnName("definition");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(100);
            e.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(100);
            e.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique().HasDatabaseName("ix_segments_name");
        });
    }
}

internal sealed class SqliteSegmentsDbContext(DbContextOptions<SqliteSegmentsDbContext> options) : SegmentsDbContext(options);

internal sealed class PostgresSegmentsDbContext(DbContextOptions<PostgresSegmentsDbContext> options) : SegmentsDbContext(options);
