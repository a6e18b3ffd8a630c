using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Waymark.Accounts.People;

namespace Waymark.Accounts.Schema;

/// <summary>
/// ASP.NET Core Identity's user tables (accounts, their logins, tokens and passkeys) plus what Waymark adds:
/// memberships in workspaces, custom roles, invitations, server-side sessions, the one-time setup token, sign-in throttles,
/// workspace sign-in policies and single sign-on connections.
/// </summary>
internal abstract class AccountsDbContext(DbContextOptions options) : IdentityUserContext<Account, string, IdentityUserClaim<string>, IdentityUserLogin<string>, IdentityUserToken<string>, IdentityUserPasskey<string>>(options)
{
    public DbSet<MembershipRow> Memberships => Set<MembershipRow>();

    public DbSet<CustomRoleRow> CustomRoles => Set<CustomRoleRow>();

    public DbSet<InvitationRow> Invitations => Set<InvitationRow>();

    public DbSet<SessionRow> Sessions => Set<SessionRow>();

    public DbSet<SetupTokenRow> SetupTokens => Set<SetupTokenRow>();

    public DbSet<ThrottleRow> Throttles => Set<ThrottleRow>();

    public DbSet<SecurityPolicyRow> SecurityPolicies => Set<SecurityPolicyRow>();

    public DbSet<SsoConnectionRow> SsoConnections => Set<SsoConnectionRow>();


    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Account>(e =>
        {
            e.ToTable("accounts");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.IsInstanceOwner).HasColumnName("is_instance_owner");
            e.Property(x => x.IsOperator).HasColumnName("is_operator");
            e.Property(x => x.TotpLastStep).HasColumnName("totp_last_step");
        });
        // Identity maps passkeys only when its options select schema version 3, and design-time tooling has no
        // options; the mapping is spelled out so that migrations and the running host see the same model.
        builder.Entity<IdentityUserPasskey<string>>(e =>
        {
            e.ToTable("account_passkeys");
            e.HasKey(x => x.CredentialId);
            e.Property(x => x.CredentialId).HasColumnName("credential_id").HasMaxLength(1024);
            e.Property(x => x.UserId).HasColumnName("account_id").HasMaxLength(64);
            e.HasIndex(x => x.UserId);
            e.HasOne<Account>().WithMany().HasForeignKey(x => x.UserId).IsRequired().OnDelete(DeleteBehavior.Cascade);
            e.OwnsOne(x => x.Data).ToJson("data");
        });
        builder.Entity<IdentityUserClaim<string>>().ToTable("account_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("account_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("account_tokens");

        builder.Entity<MembershipRow>(e =>
        {
            e.ToTable("workspace_members");
            e.HasKey(x => new { x.WorkspaceId, x.AccountId });
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id");
            e.Property(x => x.AccountId).HasColumnName("account_id").HasMaxLength(64);
            e.Property(x => x.Role).HasColumnName("role").HasMaxLength(40);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.SuspendedAt).HasColumnName("suspended_at");
            e.Property(x => x.SuspendedReason).HasColumnName("suspended_reason").HasMaxLength(40);
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
            e.Property(x => x.Method).HasColumnName("method").HasMaxLength(40);
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
        builder.Entity<ThrottleRow>(e =>
        {
            e.ToTable("sign_in_throttles");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(120);
            e.Property(x => x.Failures).HasColumnName("failures");
            e.Property(x => x.LastFailureAt).HasColumnName("last_failure_at");
            e.Property(x => x.LockedUntil).HasColumnName("locked_until");
            e.Property(x => x.LockedPermanently).HasColumnName("locked_permanently");
        });
        builder.Entity<SecurityPolicyRow>(e =>
        {
            e.ToTable("workspace_security_policies");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.RequireMfa).HasColumnName("require_mfa");
            e.Property(x => x.RequireSso).HasColumnName("require_sso");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(64);
        });
        builder.Entity<SsoConnectionRow>(e =>
        {
            e.ToTable("workspace_sso_connections");
            e.HasKey(x => x.WorkspaceId);
            e.Property(x => x.WorkspaceId).HasColumnName("workspace_id").ValueGeneratedNever();
            e.Property(x => x.Issuer).HasColumnName("issuer").HasMaxLength(500);
            e.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(200);
            e.Property(x => x.ClientSecret).HasColumnName("client_secret");
            e.Property(x => x.EmailDomains).HasColumnName("email_domains").HasMaxLength(1000);
            e.Property(x => x.DefaultRole).HasColumnName("default_role").HasMaxLength(40);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        });
    }
}

internal sealed class SqliteAccountsDbContext(DbContextOptions<SqliteAccountsDbContext> options) : AccountsDbContext(options);

internal sealed class PostgresAccountsDbContext(DbContextOptions<PostgresAccountsDbContext> options) : AccountsDbContext(options);
