using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Waymark.Storage;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the single writer;
/// synchronous=FULL makes every commit durable before it is acknowledged. Checkpoints run every 16,384 pages
/// (64 MB of WAL) instead of SQLite's 1,000: a checkpoint runs inside the commit that crosses the threshold, and
/// frequent ones rewrite the same randomly-placed index pages again and again (measured in docs/benchmarks.md).
/// journal_size_limit truncates the WAL back to 64 MB after a checkpoint.
/// </summary>
internal static class SqliteTuning
{
    internal const string Pragmas =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=16384; PRAGMA journal_size_limit=67108864;";

    public static readonly DbConnectionInterceptor Interceptor = new PragmaInterceptor();

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
            ApplyAsync((SqliteConnection)connection, cancellationToken);
    }
}
