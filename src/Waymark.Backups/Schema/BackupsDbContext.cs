using Microsoft.EntityFrameworkCore;

namespace Waymark.Backups.Schema;

/// <summary>The history of backups: runs (<c>backup_runs</c>), copies per location (<c>backup_copies</c>) and verifications (<c>backup_checks</c>).</summary>
internal abstract class BackupsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<RunRow> Runs => Set<RunRow>();

    public DbSet<CopyRow> Copies => Set<CopyRow>();

    public DbSet<CheckRow> Checks => Set<CheckRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RunRow>(e =>
        {
            e.ToTable("backup_runs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.BackupId).HasColumnName("backup_id").HasMaxLength(32);
            e.Property(x => x.Trigger).HasColumnName("trigger").HasMaxLength(16);
            e.Property(x => x.ScheduledFor).HasColumnName("scheduled_for");
            e.Property(x => x.State).HasColumnName("state").HasMaxLength(16);
            e.Property(x => x.Phase).HasColumnName("phase").HasMaxLength(64);
            e.Property(x => x.BytesDone).HasColumnName("bytes_done");
            e.Property(x => x.BytesTotal).HasColumnName("bytes_total");
            e.Property(x => x.Size).HasColumnName("size");
            e.Property(x => x.Sha256).HasColumnName("sha256").HasMaxLength(64);
            e.Property(x => x.TotalRows).HasColumnName("total_rows");
            e.Property(x => x.Error).HasColumnName("error").HasMaxLength(2000);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.StartedAt).HasColumnName("started_at");
            e.Property(x => x.FinishedAt).HasColumnName("finished_at");
            e.Property(x => x.HeartbeatAt).HasColumnName("heartbeat_at");
            e.HasIndex(x => x.BackupId).IsUnique().HasDatabaseName("ux_backup_runs_backup");
            e.HasIndex(x => x.ScheduledFor).IsUnique().HasDatabaseName("ux_backup_runs_slot");
            e.HasIndex(x => x.State).HasDatabaseName("ix_backup_runs_state");
        });
        modelBuilder.Entity<CopyRow>(e =>
        {
            e.ToTable("backup_copies");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.BackupId).HasColumnName("backup_id").HasMaxLength(32);
            e.Property(x => x.Location).HasColumnName("location").HasMaxLength(100);
            e.Property(x => x.State).HasColumnName("state").HasMaxLength(16);
            e.Property(x => x.Error).HasColumnName("error").HasMaxLength(2000);
            e.Property(x => x.FinishedAt).HasColumnName("finished_at");
            e.HasIndex(x => x.BackupId).HasDatabaseName("ix_backup_copies_backup");
        });
        modelBuilder.Entity<CheckRow>(e =>
        {
            e.ToTable("backup_checks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.BackupId).HasColumnName("backup_id").HasMaxLength(32);
            e.Property(x => x.Location).HasColumnName("location").HasMaxLength(100);
            e.Property(x => x.Outcome).HasColumnName("outcome").HasMaxLength(16);
            e.Property(x => x.Detail).HasColumnName("detail").HasMaxLength(2000);
            e.Property(x => x.CheckedAt).HasColumnName("checked_at");
            e.Property(x => x.DurationMs).HasColumnName("duration_ms");
            e.HasIndex(x => new { x.BackupId, x.CheckedAt }).HasDatabaseName("ix_backup_checks_backup");
        });
    }
}

internal sealed class SqliteBackupsDbContext(DbContextOptions<SqliteBackupsDbContext> options) : BackupsDbContext(options);

internal sealed class PostgresBackupsDbContext(DbContextOptions<PostgresBackupsDbContext> options) : BackupsDbContext(options);
