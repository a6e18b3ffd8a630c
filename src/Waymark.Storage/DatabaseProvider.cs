namespace Waymark.Storage;

/// <summary>The two databases Waymark runs on: SQLite as the embedded default, PostgreSQL in production.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
