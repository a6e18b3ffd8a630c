using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.People;

namespace Waymark.Accounts.Schema;

/// <summary>
/// ASP.NET Core Identity's user tables (accounts, their logins and tokens; passkeys arrive with strong authentication) plus what Waymark adds:
/// memberships in workspaces, custom roles, invitations, server-side sessions and the one-time setup token.
/// </summary>
internal abstract class AccountsDbContext(DbContextOptions options) : IdentityUserContext<Account>(options)
{
    public DbSet<MembershipRow> Memberships => Set<MembershipRow>();

    public DbSet<CustomRoleRow> CustomRoles => Set<CustomRoleRow>();

    public DbSet<InvitationRow> Invitations => Set<InvitationRow>();

    public DbSet<SessionRow> Sessions => Set<SessionRow>();

    public DbSet<SetupTokenRow> SetupTokens => Set<SetupTokenRow>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Account>(e =>
        {
            e.ToTable("accounts");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.IsInstanceOwner).HasColumnName("is_instance_owner");
        });
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<string>>().ToTable("account_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<string>>().ToTable("account_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<string>>().ToTable("account_tokens");

        builder.Entity<MembershipRow>(e =>
        {
            e.ToTable("workspace_members");
            e.HasKey(x => new { x.WorkspaceId, x.AccountId });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.AccountId).HasColumnName("account_id").HasMaxLength(64);
            e.Property(x => x.Role).HasColumnName("role").HasMaxLength(40);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.HasIndex(x => x.AccountId);
        });
        builder.Entity<CustomRoleRow>(e =>
        {
            e.ToTable("workspace_roles");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Name).HasColumnName("name").HasMaxLength(60);
            e.Property(x => x.Permissions).HasColumnName("permissions").HasMaxLength(1000);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.HasIndex(x => new { x.WorkspaceId, x.Name }).IsUnique();
        });
        builder.Entity<InvitationRow>(e =>
        {
            e.ToTable("workspace_invitations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id");
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.Email).HasColumnName("email").HasMaxLength(256);
            e.Property(x => x.Role).HasColumnName("role").HasMaxLength(40);
            e.Property(x => x.TokenHash).HasColumnName("token_hash");
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.WorkspaceId);
            e.Property(x => x.InvitedBy).HasColumnName("invited_by").HasMaxLength(64);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.Property(x => x.AcceptedAt).HasColumnName("accepted_at");
            e.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        });
        builder.Entity<SessionRow>(e =>
        {
            e.ToTable("account_sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").HasMaxLength(64);
            e.Property(x => x.AccountId).HasColumnName("account_id").HasMaxLength(64);
            e.HasIndex(x => x.AccountId);
            e.Property(x => x.Ticket).HasColumnName("ticket");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.LastSeenAt).HasColumnName("last_seen_at");
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.Property(x => x.SourceIp).HasColumnName("source_ip").HasMaxLength(64);
            e.Property(x => x.UserAgent).HasColumnName("user_agent").HasMaxLength(300);
        });
        builder.Entity<SetupTokenRow>(e =>
        {
            e.ToTable("instance_setup_tokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            e.Property(x => x.TokenHash).HasColumnName("token_hash");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UsedAt).HasColumnName("used_at");
        });
    }
}

internal sealed class SqliteAccountsDbContext(DbContextOptions<SqliteAccountsDbContext> options) : AccountsDbContext(options);

internal sealed class PostgresAccountsDbContext(DbContextOptions<PostgresAccountsDbContext> options) : AccountsDbContext(options);
