using Waymark.Storage;

namespace Waymark.Accounts.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class AccountContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteAccountsDbContext, PostgresAccountsDbContext>("accounts", o => new(o), o => new(o));

    public AccountsDbContext Create() => (AccountsDbContext)Schema.CreateContext(database);
}
