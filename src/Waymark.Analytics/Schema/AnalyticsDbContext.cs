using Microsoft.EntityFrameworkCore;

namespace Waymark.Analytics.Schema;

/// <summary>Analytics' own rollups (<c>activity_days</c>, <c>activity_periods</c>); everything else it reads belongs to the ingest schema.</summary>
internal abstract class AnalyticsDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ActivityDayRow>(e =>
        {
            e.ToTable("activity_days");
            // Subject first: retention looks up each cohort member's days, and a deletion removes one subject's rows.
            e.HasKey(x => new { x.WorkspaceId, x.SubjectHash, x.Day });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.SubjectHash).HasColumnName("subject_hash");
            e.Property(x => x.Day).HasColumnName("day");
        });
        modelBuilder.Entity<ActivityPeriodRow>(e =>
        {
            e.ToTable("activity_periods");
            e.HasKey(x => new { x.WorkspaceId, x.SubjectHash, x.Period, x.Start });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.SubjectHash).HasColumnName("subject_hash");
            e.Property(x => x.Period).HasColumnName("period");
            e.Property(x => x.Start).HasColumnName("start_day");
        });
    }
}

internal sealed class SqliteAnalyticsDbContext(DbContextOptions<SqliteAnalyticsDbContext> options) : AnalyticsDbContext(options);

internal sealed class PostgresAnalyticsDbContext(DbContextOptions<PostgresAnalyticsDbContext> options) : AnalyticsDbContext(options);
