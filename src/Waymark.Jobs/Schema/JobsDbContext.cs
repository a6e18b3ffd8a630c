using Microsoft.EntityFrameworkCore;

namespace Waymark.Jobs.Schema;

/// <summary>The <c>background_jobs</c> table: the queue the workers claim from and the record the jobs API reports.</summary>
internal abstract class JobsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<JobRow> Jobs => Set<JobRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JobRow>(e =>
        {
            e.ToTable("background_jobs");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.PublicId).HasColumnName("job_id").HasMaxLength(JobLimits.PublicId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Type).HasColumnName("type").HasMaxLength(JobLimits.Type);
            e.Property(x => x.Status).HasColumnName("status").HasMaxLength(JobLimits.Status);
            e.Property(x => x.TotalRows).HasColumnName("total_rows");
            e.Property(x => x.CompletedRows).HasColumnName("completed_rows");
            e.Property(x => x.FailedRows).HasColumnName("failed_rows");
            e.Property(x => x.Payload).HasColumnName("payload");
            e.Property(x => x.Checkpoint).HasColumnName("checkpoint");
            e.Property(x => x.Errors).HasColumnName("errors");
            e.Property(x => x.LastError).HasColumnName("last_error").HasMaxLength(JobLimits.LastError);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.StartTime).HasColumnName("start_time");
            e.Property(x => x.EndTime).HasColumnName("end_time");
            e.Property(x => x.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(JobLimits.LeaseOwner);
            e.Property(x => x.LeaseUntil).HasColumnName("lease_until");
            e.Property(x => x.Attempts).HasColumnName("attempts");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.HasIndex(x => x.PublicId).IsUnique().HasDatabaseName("ux_background_jobs_job_id");
            e.HasIndex(x => new { x.WorkspaceId, x.Id }).HasDatabaseName("ix_background_jobs_workspace");

            // The claim scans only unfinished jobs, oldest first.
            e.HasIndex(x => new { x.Status, x.Id }).HasDatabaseName("ix_background_jobs_status");
        });
    }
}

internal sealed class SqliteJobsDbContext(DbContextOptions<SqliteJobsDbContext> options) : JobsDbContext(options);

internal sealed class PostgresJobsDbContext(DbContextOptions<PostgresJobsDbContext> options) : JobsDbContext(options);
