using Waymark.Storage;

namespace Waymark.Firewall.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class FirewallContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteFirewallDbContext, PostgresFirewallDbContext>("firewall", o => new(o), o => new(o));

    public FirewallDbContext Create() => (FirewallDbContext)Schema.CreateContext(database);
}
