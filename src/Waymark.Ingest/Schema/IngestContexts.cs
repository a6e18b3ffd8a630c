using Waymark.Storage;

namespace Waymark.Ingest.Schema;

internal static class IngestContexts
{
    private const string History = "__ingest_migrations";

    public static IngestDbContext Create(WaymarkDatabase database) => database.Provider == DatabaseProvider.Sqlite
        ? new SqliteIngestDbContext(database.ContextOptions<SqliteIngestDbContext>(History))
        : new PostgresIngestDbContext(database.ContextOptions<PostgresIngestDbContext>(History));
}
