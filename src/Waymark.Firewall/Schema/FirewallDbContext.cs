using Microsoft.EntityFrameworkCore;

namespace Waymark.Firewall.Schema;

/// <summary>Per-workspace rate limits (<c>firewall_rate_limits</c>) and IP allow lists (<c>firewall_allow_rules</c>).</summary>
internal abstract class FirewallDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<RateLimitRow> RateLimits => Set<RateLimitRow>();

    public DbSet<AllowRuleRow> AllowRules => Set<AllowRuleRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RateLimitRow>(e =>
        {
            e.ToTable("firewall_rate_limits");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.WriteKeyPerMinute).HasColumnName("write_key_per_minute");
            e.Property(x => x.ServerKeyPerMinute).HasColumnName("server_key_per_minute");
            e.Property(x => x.WorkspacePerMinute).HasColumnName("workspace_per_minute");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });
        modelBuilder.Entity<AllowRuleRow>(e =>
        {
            e.ToTable("firewall_allow_rules");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Surface).HasColumnName("surface").HasMaxLength(16);
            e.Property(x => x.Cidr).HasColumnName("cidr").HasMaxLength(64);
            e.Property(x => x.Label).HasColumnName("label").HasMaxLength(100);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.HasIndex(x => new { x.WorkspaceId, x.Surface }).HasDatabaseName("ix_firewall_allow_rules_workspace");
        });
    }
}

internal sealed class SqliteFirewallDbContext(DbContextOptions<SqliteFirewallDbContext> options) : FirewallDbContext(options);

internal sealed class PostgresFirewallDbContext(DbContextOptions<PostgresFirewallDbContext> options) : FirewallDbContext(options);
