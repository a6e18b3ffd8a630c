using Microsoft.EntityFrameworkCore;
using Waymark.AccessReviews.Campaigns;

namespace Waymark.AccessReviews.Schema;

/// <summary>Campaigns (<c>access_review_campaigns</c>), their items (<c>access_review_items</c>) and schedules (<c>access_review_schedules</c>).</summary>
internal abstract class AccessReviewsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<CampaignRow> Campaigns => Set<CampaignRow>();

    public DbSet<ItemRow> Items => Set<ItemRow>();

    public DbSet<ScheduleRow> Schedules => Set<ScheduleRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CampaignRow>(e =>
        {
            e.ToTable("access_review_campaigns");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(16);
            e.Property(x => x.SubjectAccountId).HasColumnName("subject_account_id").HasMaxLength(64);
            e.Property(x => x.SubjectEventAt).HasColumnName("subject_event_at");
            e.Property(x => x.StartedAt).HasColumnName("started_at");
            e.Property(x => x.DueAt).HasColumnName("due_at");
            e.Property(x => x.CompletedAt).HasColumnName("completed_at");
            e.Property(x => x.OverdueRecordedAt).HasColumnName("overdue_recorded_at");
            e.HasIndex(x => new { x.WorkspaceId, x.StartedAt }).HasDatabaseName("ix_access_review_campaigns_workspace");
            e.HasIndex(x => new { x.CompletedAt, x.DueAt }).HasDatabaseName("ix_access_review_campaigns_due");
        });
        modelBuilder.Entity<ItemRow>(e =>
        {
            e.ToTable("access_review_items");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.CampaignId).HasColumnName("campaign_id");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
            e.Property(x => x.AccountId).HasColumnName("account_id").HasMaxLength(64);
            e.Property(x => x.Email).HasColumnName("email").HasMaxLength(320);
            e.Property(x => x.Role).HasColumnName("role").HasMaxLength(64);
            e.Property(x => x.KeyId).HasColumnName("key_id");
            e.Property(x => x.KeyPrefix).HasColumnName("key_prefix").HasMaxLength(32);
            e.Property(x => x.KeyName).HasColumnName("key_name").HasMaxLength(100);
            e.Property(x => x.KeyScopes).HasColumnName("key_scopes").HasMaxLength(1000);
            e.Property(x => x.Facts).HasColumnName("facts").HasMaxLength(1000);
            e.Property(x => x.Decision).HasColumnName("decision").HasMaxLength(16);
            e.Property(x => x.DecidedBy).HasColumnName("decided_by").HasMaxLength(100);
            e.Property(x => x.DecidedAt).HasColumnName("decided_at");
            e.Property(x => x.Note).HasColumnName("note").HasMaxLength(ReviewDecisions.MaxNoteLength);
            e.HasIndex(x => x.CampaignId).HasDatabaseName("ix_access_review_items_campaign");
        });
        modelBuilder.Entity<ScheduleRow>(e =>
        {
            e.ToTable("access_review_schedules");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.EveryMonths).HasColumnName("every_months");
            e.Property(x => x.DueDays).HasColumnName("due_days");
            e.Property(x => x.NextDueAt).HasColumnName("next_due_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });
    }
}

internal sealed class SqliteAccessReviewsDbContext(DbContextOptions<SqliteAccessReviewsDbContext> options) : AccessReviewsDbContext(options);

internal sealed class PostgresAccessReviewsDbContext(DbContextOptions<PostgresAccessReviewsDbContext> options) : AccessReviewsDbContext(options);
