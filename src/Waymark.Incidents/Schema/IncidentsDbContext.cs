using Microsoft.EntityFrameworkCore;

namespace Waymark.Incidents.Schema;

/// <summary>Incidents (<c>incidents</c>), their timelines (<c>incident_events</c>) and notification settings (<c>incident_settings</c>).</summary>
internal abstract class IncidentsDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<IncidentRow> Incidents => Set<IncidentRow>();

    public DbSet<IncidentEventRow> Events => Set<IncidentEventRow>();

    public DbSet<IncidentSettingsRow> Settings => Set<IncidentSettingsRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IncidentRow>(e =>
        {
            e.ToTable("incidents");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.GroupingKey).HasColumnName("grouping_key").HasMaxLength(300);
            e.Property(x => x.Detector).HasColumnName("detector").HasMaxLength(64);
            e.Property(x => x.Title).HasColumnName("title").HasMaxLength(200);
            e.Property(x => x.Score).HasColumnName("score");
            e.Property(x => x.Severity).HasColumnName("severity").HasMaxLength(16);
            e.Property(x => x.State).HasColumnName("state").HasMaxLength(16);
            e.Property(x => x.SignalCount).HasColumnName("signal_count");
            e.Property(x => x.OpenedAt).HasColumnName("opened_at");
            e.Property(x => x.LastSignalAt).HasColumnName("last_signal_at");
            e.Property(x => x.AcknowledgedAt).HasColumnName("acknowledged_at");
            e.Property(x => x.AcknowledgedBy).HasColumnName("acknowledged_by").HasMaxLength(100);
            e.Property(x => x.ResolvedAt).HasColumnName("resolved_at");
            e.Property(x => x.ResolvedBy).HasColumnName("resolved_by").HasMaxLength(100);
            e.Property(x => x.ResolveNote).HasColumnName("resolve_note").HasMaxLength(2000);
            e.Property(x => x.NotifiedAt).HasColumnName("notified_at");
            e.Property(x => x.EscalationStep).HasColumnName("escalation_step");
            e.Property(x => x.LastEscalatedAt).HasColumnName("last_escalated_at");
            e.HasIndex(x => new { x.WorkspaceId, x.GroupingKey, x.State }).HasDatabaseName("ix_incidents_grouping");
            e.HasIndex(x => new { x.WorkspaceId, x.Id }).HasDatabaseName("ix_incidents_workspace");
            e.HasIndex(x => new { x.State, x.Severity }).HasDatabaseName("ix_incidents_state");
        });
        modelBuilder.Entity<IncidentEventRow>(e =>
        {
            e.ToTable("incident_events");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.IncidentId).HasColumnName("incident_id");
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(32);
            e.Property(x => x.Score).HasColumnName("score");
            e.Property(x => x.Summary).HasColumnName("summary").HasMaxLength(500);
            e.Property(x => x.Actor).HasColumnName("actor").HasMaxLength(100);
            e.HasIndex(x => new { x.IncidentId, x.Id }).HasDatabaseName("ix_incident_events_incident");
        });
        modelBuilder.Entity<IncidentSettingsRow>(e =>
        {
            e.ToTable("incident_settings");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.WebhookUrl).HasColumnName("webhook_url").HasMaxLength(2000);
            e.Property(x => x.WebhookSecret).HasColumnName("webhook_secret");
            e.Property(x => x.EscalationContacts).HasColumnName("escalation_contacts").HasMaxLength(2000);
            e.Property(x => x.AcknowledgeWithinMinutes).HasColumnName("acknowledge_within_minutes");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });
    }
}

internal sealed class SqliteIncidentsDbContext(DbContextOptions<SqliteIncidentsDbContext> options) : IncidentsDbContext(options);

internal sealed class PostgresIncidentsDbContext(DbContextOptions<PostgresIncidentsDbContext> options) : IncidentsDbContext(options);
