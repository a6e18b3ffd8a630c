using Microsoft.EntityFrameworkCore;

namespace Waymark.Experiences.Schema;

/// <summary>
/// Flows, checklists and surveys (<c>content_items</c>, <c>content_versions</c>), users' progress
/// (<c>content_progress</c>) and survey answers (<c>survey_answers</c>).
/// </summary>
internal abstract class ExperiencesDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ContentRow> Content => Set<ContentRow>();

    public DbSet<ContentVersionRow> Versions => Set<ContentVersionRow>();

    public DbSet<ContentRevisionRow> Revisions => Set<ContentRevisionRow>();

    public DbSet<SurveyAnswerRow> SurveyAnswers => Set<SurveyAnswerRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContentRow>(e =>
        {
            e.ToTable("content_items");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(40);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Kind).HasColumnName("kind");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            e.Property(x => x.LatestVersion).HasColumnName("latest_version");
            e.Property(x => x.DraftVersion).HasColumnName("draft_version");
            e.Property(x => x.StagingVersion).HasColumnName("staging_version");
            e.Property(x => x.StagingPublishedAt).HasColumnName("staging_published_at");
            e.Property(x => x.ProductionVersion).HasColumnName("production_version");
            e.Property(x => x.ProductionPublishedAt).HasColumnName("production_published_at");
            e.Property(x => x.ArchivedAt).HasColumnName("archived_at");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.HasIndex(x => new { x.WorkspaceId, x.Kind }).HasDatabaseName("ix_content_items_workspace");
        });
        modelBuilder.Entity<ContentVersionRow>(e =>
        {
            e.ToTable("content_versions");
            e.HasKey(x => new { x.ContentId, x.Version });
            e.Property(x => x.ContentId).HasColumnName("content_id").HasMaxLength(40);
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Definition).HasColumnName("definition");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(64);
        });
        modelBuilder.Entity<ProgressRow>(e =>
        {
            e.ToTable("content_progress");
            e.HasKey(x => new { x.WorkspaceId, x.SubjectHash, x.ContentId });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.SubjectHash).HasColumnName("subject_hash");
            e.Property(x => x.ContentId).HasColumnName("content_id").HasMaxLength(40);
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.TimesShown).HasColumnName("times_shown");
            e.Property(x => x.MaxStep).HasColumnName("max_step");
            e.Property(x => x.FirstSeenAt).HasColumnName("first_seen_at");
            e.Property(x => x.LastSeenAt).HasColumnName("last_seen_at");
            e.Property(x => x.CompletedAt).HasColumnName("completed_at");
            e.Property(x => x.DismissedAt).HasColumnName("dismissed_at");
            e.HasIndex(x => new { x.WorkspaceId, x.ContentId }).HasDatabaseName("ix_content_progress_content");
        });
        modelBuilder.Entity<SurveyAnswerRow>(e =>
        {
            e.ToTable("survey_answers");
            e.HasKey(x => new { x.WorkspaceId, x.ContentId, x.QuestionId, x.SubjectHash, x.AnsweredAt });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.ContentId).HasColumnName("content_id").HasMaxLength(40);
            e.Property(x => x.QuestionId).HasColumnName("question_id").HasMaxLength(32);
            e.Property(x => x.SubjectHash).HasColumnName("subject_hash");
            e.Property(x => x.AnsweredAt).HasColumnName("answered_at");
            e.Property(x => x.Version).HasColumnName("version");
            e.Property(x => x.Score).HasColumnName("score");
            e.Property(x => x.Choices).HasColumnName("choices").HasMaxLength(400);
            e.HasIndex(x => new { x.WorkspaceId, x.SubjectHash }).HasDatabaseName("ix_survey_answers_subject");
        });
        modelBuilder.Entity<ContentRevisionRow>(e =>
        {
            e.ToTable("content_revisions");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.Revision).HasColumnName("revision");
        });
    }
}

internal sealed class SqliteExperiencesDbContext(DbContextOptions<SqliteExperiencesDbContext> options) : ExperiencesDbContext(options);

internal sealed class PostgresExperiencesDbContext(DbContextOptions<PostgresExperiencesDbContext> options) : ExperiencesDbContext(options);
