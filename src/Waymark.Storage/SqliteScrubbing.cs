using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Waymark.Storage;

/// <summary>
/// Purges that must leave no copy of what they delete in the SQLite files: the connection zeroes what it deletes
/// (<c>secure_delete</c>, this connection only), and the write-ahead log, which still holds the pages as they were
/// before, is emptied into the database afterwards. Nothing to do on PostgreSQL.
/// </summary>
public static class SqliteScrubbing
{
    /// <summary>
    /// How long the closing checkpoint waits for readers on old snapshots. A truncating checkpoint holds back every
    /// writer while it waits, so it waits briefly and leaves the log to the next purge (or SQLite's own checkpoints)
    /// rather than stalling ingest and sign-ins for the connection's usual busy timeout.
    /// </summary>
    private const int CheckpointWaitMilliseconds = 200;

    public static Task BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, "PRAGMA secure_delete=ON", cancellationToken);

    /// <summary>Empties the log if no reader holds it, and sets the pooled connection back as every other connection is.</summary>
    public static Task FinishAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            $"PRAGMA busy_timeout={CheckpointWaitMilliseconds}; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA secure_delete=OFF; {SqliteTuning.Pragmas}",
            cancellationToken);

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        if (connection is not SqliteConnection)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
