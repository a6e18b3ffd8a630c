using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Waymark.Crypto.Schema;

/// <summary>
/// Wrapped keys: one per workspace (wrapped by the master key) and one per subject (wrapped by the workspace key);
/// and the ASP.NET Core Data Protection key ring (which protects session cookies and anti-forgery tokens), stored
/// encrypted with the master key so that every app node shares it and a stolen database alone cannot forge sessions.
/// </summary>
internal abstract class CryptoDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<WorkspaceKeyRow> WorkspaceKeys => Set<WorkspaceKeyRow>();

    public DbSet<SubjectKeyRow> SubjectKeys => Set<SubjectKeyRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkspaceKeyRow>(e =>
        {
            e.ToTable("workspace_keys");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.WrappedKey).HasColumnName("wrapped_key");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.Entity<SubjectKeyRow>(e =>
        {
            e.ToTable("subject_keys");
            e.HasKey(x => new { x.WorkspaceId, x.SubjectHash });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.SubjectHash).HasColumnName("subject_hash");
            e.Property(x => x.WrappedKey).HasColumnName("wrapped_key");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
        });
        modelBuilder.Entity<DataProtectionKey>(e =>
        {
            e.ToTable("data_protection_keys");
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.FriendlyName).HasColumnName("friendly_name");
            e.Property(x => x.Xml).HasColumnName("xml");
        });
    }
}

internal sealed class SqliteCryptoDbContext(DbContextOptions<SqliteCryptoDbContext> options) : CryptoDbContext(options);

internal sealed class PostgresCryptoDbContext(DbContextOptions<PostgresCryptoDbContext> options) : CryptoDbContext(options);

internal sealed class WorkspaceKeyRow
{
    public long WorkspaceId { get; set; }

    public byte[] WrappedKey { get; set; } = [];

    public long CreatedAt { get; set; }
}

internal sealed class SubjectKeyRow
{
    public long WorkspaceId { get; set; }

    public byte[] SubjectHash { get; set; } = [];

    public byte[] WrappedKey { get; set; } = [];

    public long CreatedAt { get; set; }
}
