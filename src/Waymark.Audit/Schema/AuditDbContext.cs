using Microsoft.EntityFrameworkCore;

namespace Waymark.Audit.Schema;

/// <summary>
/// The audit log's tables. <c>audit_entries</c> holds every workspace's hash chain (workspace 0 is the instance chain);
/// <c>audit_heads</c> holds each chain's last sequence number and hash, the row appenders lock to extend a chain;
/// <c>audit_cursors</c> how far each consumer of <see cref="Tail.AuditTail"/> has read.
/// </summary>
internal abstract class AuditDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<AuditEntryRow> Entries => Set<AuditEntryRow>();

    public DbSet<AuditHeadRow> Heads => Set<AuditHeadRow>();

    public DbSet<AuditCursorRow> Cursors => Set<AuditCursorRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntryRow>(e =>
        {
            e.ToTable("audit_entries");

            // The key is the chain position, so a second entry at the same position cannot exist even if two appenders raced.
            e.HasKey(x => new { x.WorkspaceId, x.Seq });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Seq).HasColumnName("seq");
            e.Property(x => x.Time).HasColumnName("time");
            e.Property(x => x.ActorKind).HasColumnName("actor_kind").HasMaxLength(AuditLimits.ActorKind);
            e.Property(x => x.ActorId).HasColumnName("actor_id").HasMaxLength(AuditLimits.Id);
            e.Property(x => x.Action).HasColumnName("action").HasMaxLength(AuditLimits.Action);
            e.Property(x => x.TargetType).HasColumnName("target_type").HasMaxLength(AuditLimits.TargetType);
            e.Property(x => x.TargetId).HasColumnName("target_id").HasMaxLength(AuditLimits.Id);
            e.Property(x => x.Outcome).HasColumnName("outcome").HasMaxLength(AuditLimits.Outcome);
            e.Property(x => x.SourceIp).HasColumnName("source_ip").HasMaxLength(AuditLimits.SourceIp);
            e.Property(x => x.RequestId).HasColumnName("request_id").HasMaxLength(AuditLimits.RequestId);
            e.Property(x => x.Details).HasColumnName("details");
            e.Property(x => x.PrevHash).HasColumnName("prev_hash");
            e.Property(x => x.Hash).HasColumnName("hash");
            e.HasIndex(x => new { x.WorkspaceId, x.Time }).HasDatabaseName("ix_audit_entries_workspace_time");
        });
        modelBuilder.Entity<AuditHeadRow>(e =>
        {
            e.ToTable("audit_heads");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.Seq).HasColumnName("seq");
            e.Property(x => x.Hash).HasColumnName("hash");
        });
        modelBuilder.Entity<AuditCursorRow>(e =>
        {
            e.ToTable("audit_cursors");
            e.HasKey(x => new { x.Consumer, x.WorkspaceId });
            e.Property(x => x.Consumer).HasColumnName("consumer").HasMaxLength(64);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Seq).HasColumnName("seq");
        });
    }
}

internal sealed class SqliteAuditDbContext(DbContextOptions<SqliteAuditDbContext> options) : AuditDbContext(options);

internal sealed class PostgresAuditDbContext(DbContextOptions<PostgresAuditDbContext> options) : AuditDbContext(options);
