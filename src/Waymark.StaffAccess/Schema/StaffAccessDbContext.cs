using Microsoft.EntityFrameworkCore;

namespace Waymark.StaffAccess.Schema;

/// <summary>Support-access tickets (<c>support_tickets</c>): an operator's request for time-boxed access to one workspace, and its decisions.</summary>
internal abstract class StaffAccessDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<TicketRow> Tickets => Set<TicketRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TicketRow>(e =>
        {
            e.ToTable("support_tickets");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.OperatorId).HasColumnName("operator_id").HasMaxLength(64);
            e.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(1000);
            e.Property(x => x.Scope).HasColumnName("scope").HasMaxLength(500);
            e.Property(x => x.DurationMinutes).HasColumnName("duration_minutes");
            e.Property(x => x.State).HasColumnName("state").HasMaxLength(16);
            e.Property(x => x.RequestedAt).HasColumnName("requested_at");
            e.Property(x => x.DecidedAt).HasColumnName("decided_at");
            e.Property(x => x.DecidedByKind).HasColumnName("decided_by_kind").HasMaxLength(16);
            e.Property(x => x.DecidedById).HasColumnName("decided_by_id").HasMaxLength(64);
            e.Property(x => x.EndsAt).HasColumnName("ends_at");
            e.Property(x => x.EndedAt).HasColumnName("ended_at");
            e.Property(x => x.EndedByKind).HasColumnName("ended_by_kind").HasMaxLength(16);
            e.Property(x => x.EndedById).HasColumnName("ended_by_id").HasMaxLength(64);
            e.Property(x => x.EndReason).HasColumnName("end_reason").HasMaxLength(32);
            e.HasIndex(x => new { x.WorkspaceId, x.State }).HasDatabaseName("ix_support_tickets_workspace_state");
            e.HasIndex(x => new { x.OperatorId, x.State }).HasDatabaseName("ix_support_tickets_operator_state");
        });
    }
}

internal sealed class SqliteStaffAccessDbContext(DbContextOptions<SqliteStaffAccessDbContext> options) : StaffAccessDbContext(options);

internal sealed class PostgresStaffAccessDbContext(DbContextOptions<PostgresStaffAccessDbContext> options) : StaffAccessDbContext(options);
