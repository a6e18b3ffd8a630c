using Waymark.Storage;

namespace Waymark.Backups.Schema;

/// <summary>Creates this feature's EF Core context for the configured provider.</summary>
internal sealed class BackupContexts(WaymarkDatabase database)
{
    public static readonly FeatureSchema Schema =
        FeatureSchema.For<SqliteBackupsDbContext, PostgresBackupsDbContext>("backups", o => new(o), o => new(o));

    public BackupsDbContext Create() => (BackupsDbContext)Schema.CreateContext(database);
}
