using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Waymark.Bench;

/// <summary>
/// Grows a Waymark SQLite database to a given size with event-shaped rows inserted straight into <c>events</c> and
/// <c>event_ids</c>, inside SQLite (one <c>INSERT … SELECT</c> over a recursive counter per transaction), so a gigabyte
/// takes a minute rather than the hour ingest would. The rows belong to the subjects real events already created;
/// their sealed values are random bytes of the size Waymark's sealed payloads have (as incompressible as ciphertext,
/// but not openable).
/// </summary>
internal static class SqliteFill
{
    private const int RowsPerTransaction = 200_000;

    private const string Setup = """
        PRAGMA synchronous=OFF;
        PRAGMA cache_size=-1048576;
        CREATE TEMP TABLE fill_subjects (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
        INSERT INTO fill_subjects (id, hash) SELECT ROW_NUMBER() OVER (ORDER BY subject_hash) - 1, subject_hash FROM (SELECT DISTINCT subject_hash FROM events WHERE workspace_id = @w);
        CREATE TEMP TABLE fill_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        """;

    // 184–276 random bytes: the 230-byte mean of Waymark's sealed payloads ±20 %, as the raw baseline uses.
    private const string InsertEvents = """
        WITH RECURSIVE c(x, s, n) AS (
          SELECT 0, abs(random()) % @subjects, abs(random()) % @names
          UNION ALL SELECT x + 1, abs(random()) % @subjects, abs(random()) % @names FROM c WHERE x < @rows - 1)
        INSERT INTO events (workspace_id, subject_hash, company_hash, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi)
        SELECT @w, fs.hash, NULL, CASE WHEN abs(random()) % 20 = 0 THEN 1 ELSE 2 END, fn.name,
               @now - abs(random()) % 3600000, @now + (@first + c.x) / 1000, NULL, randomblob(184 + abs(random()) % 93), NULL
        FROM c CROSS JOIN fill_subjects fs CROSS JOIN fill_names fn
        WHERE fs.id = c.s AND fn.id = c.n
        """;

    private const string InsertIds = """
        WITH RECURSIVE c(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM c WHERE x < @rows - 1)
        INSERT INTO event_ids (workspace_id, message_key) SELECT @w, random() FROM c WHERE true ON CONFLICT DO NOTHING
        """;

    /// <summary>Inserts until the database holds <paramref name="targetBytes"/>; answers the events it then holds.</summary>
    public static async Task<long> FillAsync(string file, long workspaceId, long targetBytes, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var setup = connection.CreateCommand())
        {
            // Waymark's own settings, then no fsync while filling (the file is synced by the checkpoint at the end).
            setup.CommandText = Waymark.Storage.SqliteTuning.Pragmas + Setup;
            setup.Parameters.AddWithValue("@w", workspaceId);
            await setup.ExecuteNonQueryAsync(cancellationToken);
            setup.Parameters.Clear();
            setup.CommandText = "INSERT INTO fill_names (id, name) VALUES (@id, @name)";
            var id = setup.Parameters.Add("@id", SqliteType.Integer);
            var name = setup.Parameters.Add("@name", SqliteType.Text);
            for (var i = 0; i < EventData.Names.Length; i++)
            {
                id.Value = i;
                name.Value = EventData.Names[i];
                await setup.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var subjects = await ScalarAsync(connection, "SELECT COUNT(*) FROM fill_subjects", cancellationToken);
        if (subjects == 0)
        {
            throw new InvalidOperationException("No subjects to fill for: send some events first.");
        }

        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var pageSize = await ScalarAsync(connection, "PRAGMA page_size", cancellationToken);
        var events = await ScalarAsync(connection, "SELECT COUNT(*) FROM events", cancellationToken);
        while (await ScalarAsync(connection, "PRAGMA page_count", cancellationToken) * pageSize < targetBytes)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var sql in new[] { InsertEvents, InsertIds })
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.Parameters.AddWithValue("@w", workspaceId);
                command.Parameters.AddWithValue("@rows", RowsPerTransaction);
                command.Parameters.AddWithValue("@subjects", subjects);
                command.Parameters.AddWithValue("@names", EventData.Names.Length);
                command.Parameters.AddWithValue("@now", now);
                command.Parameters.AddWithValue("@first", events);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            events += RowsPerTransaction;
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rfilling: {events:N0} events"));
        }

        Console.Error.WriteLine();
        await using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }

        return events;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
