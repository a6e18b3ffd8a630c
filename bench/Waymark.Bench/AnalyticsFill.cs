using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Waymark.Bench;

internal sealed record AnalyticsFillOptions(string Provider, string Connection, string Workspace, long Events, int Users, int Days, ulong Seed, bool Json);

/// <summary>
/// <c>waymark-bench analytics-fill</c>: users and track events of <see cref="AnalyticsShape"/> written straight into a
/// migrated database (prepared inserts without fsync on SQLite, binary COPY on PostgreSQL), then the rollups Waymark
/// keeps — <c>event_counts</c>, <c>activity_days</c> and <c>activity_periods</c> — built with the statements of their migrations' backfills.
/// </summary>
internal static class AnalyticsFill
{
    private const int RowsPerTransaction = 100_000;

    // The backfill statements of the ingest migration EventCounts and of the analytics migration, for one workspace.
    private const string EventCountsSql = """
        INSERT INTO event_counts (workspace_id, subject_hash, name, day, count, last_at)
        SELECT workspace_id, subject_hash, name, CAST(timestamp / 86400000 AS INTEGER), COUNT(*), MAX(timestamp)
        FROM events WHERE workspace_id = @w AND type = 2 AND name IS NOT NULL AND timestamp >= 0
        GROUP BY workspace_id, subject_hash, name, CAST(timestamp / 86400000 AS INTEGER)
        """;

    private const string ActivityDaysSql = """
        INSERT INTO activity_days (workspace_id, subject_hash, day)
        SELECT DISTINCT workspace_id, subject_hash, day FROM event_counts WHERE workspace_id = @w
        """;

    // The backfill of the analytics migration ActivityPeriods: weeks, then months (whose first day each database
    // computes its own way).
    private const string ActivityWeeksSql = """
        INSERT INTO activity_periods (workspace_id, subject_hash, period, start_day)
        SELECT DISTINCT workspace_id, subject_hash, 1, (day + 3) / 7 * 7 - 3 FROM activity_days WHERE workspace_id = @w
        """;

    private const string SqliteActivityMonthsSql = """
        INSERT INTO activity_periods (workspace_id, subject_hash, period, start_day)
        SELECT DISTINCT workspace_id, subject_hash, 2, CAST(strftime('%s', date(day * 86400, 'unixepoch', 'start of month')) AS INTEGER) / 86400 FROM activity_days WHERE workspace_id = @w
        """;

    private const string PostgresActivityMonthsSql = """
        INSERT INTO activity_periods (workspace_id, subject_hash, period, start_day)
        SELECT DISTINCT workspace_id, subject_hash, 2, CAST(date_trunc('month', CAST(DATE '1970-01-01' + day AS timestamp)) AS date) - DATE '1970-01-01' FROM activity_days WHERE workspace_id = @w
        """;

    private const string UserSql = "INSERT INTO users (workspace_id, subject_hash, kind, sealed_id, public_traits, sealed_traits, sealed_phi_traits, created_at, updated_at) VALUES (@w, @s, 1, @i, @t, NULL, NULL, @c, @c)";

    private const string EventSql = "INSERT INTO events (workspace_id, subject_hash, company_hash, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi) VALUES (@w, @s, NULL, 2, @n, @t, @t, @p, @d, NULL)";

    private const string Copy =
        "COPY events (workspace_id, subject_hash, company_hash, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi) FROM STDIN (FORMAT BINARY)";

    public static async Task<int> RunAsync(AnalyticsFillOptions options, CancellationToken cancellationToken)
    {
        var end = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var shape = new AnalyticsShape(options.Seed, options.Users, options.Days, end);
        var total = Stopwatch.StartNew();
        var progress = new Progress(options.Events);
        long events;
        TimeSpan rollups;
        if (options.Provider == "sqlite")
        {
            (events, rollups) = await FillSqliteAsync(options, shape, progress, cancellationToken);
        }
        else if (options.Provider == "postgres")
        {
            (events, rollups) = await FillPostgresAsync(options, shape, progress, cancellationToken);
        }
        else
        {
            Console.Error.WriteLine("analytics-fill: --provider must be sqlite or postgres");
            return 2;
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $$"""{"provider":"{{options.Provider}}","events":{{events}},"users":{{options.Users}},"days":{{options.Days}},"seed":{{options.Seed}},"seconds":{{total.Elapsed.TotalSeconds:F1}},"eventsSeconds":{{(total.Elapsed - rollups).TotalSeconds:F1}},"rollupSeconds":{{rollups.TotalSeconds:F1}}}""");
        Console.WriteLine(options.Json ? line : $"filled {events:N0} events for {options.Users:N0} users in {total.Elapsed.TotalSeconds:F0} s (rollups {rollups.TotalSeconds:F0} s)");
        return 0;
    }

    private static async Task<(long Events, TimeSpan Rollups)> FillSqliteAsync(AnalyticsFillOptions options, AnalyticsShape shape, Progress progress, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = options.Connection, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        // Waymark's own settings, then no fsync while filling (the checkpoint at the end syncs the file).
        await SqliteExecuteAsync(connection, null, Waymark.Storage.SqliteTuning.Pragmas + "PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576;", 0, cancellationToken);
        var workspaceId = await WorkspaceIdAsync(connection, options.Workspace, cancellationToken);

        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = UserSql;
            insert.Parameters.AddWithValue("@w", workspaceId);
            var s = insert.Parameters.Add("@s", SqliteType.Blob);
            var i = insert.Parameters.Add("@i", SqliteType.Blob);
            var t = insert.Parameters.Add("@t", SqliteType.Text);
            var c = insert.Parameters.Add("@c", SqliteType.Integer);
            foreach (var u in shape.Users)
            {
                (s.Value, i.Value, t.Value, c.Value) = (u.SubjectHash, u.SealedId, u.PublicTraits, u.CreatedAt);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        long events = 0;
        using (var source = shape.Events(options.Events).GetEnumerator())
        {
            var more = true;
            while (more)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = EventSql;
                insert.Parameters.AddWithValue("@w", workspaceId);
                var s = insert.Parameters.Add("@s", SqliteType.Blob);
                var n = insert.Parameters.Add("@n", SqliteType.Text);
                var t = insert.Parameters.Add("@t", SqliteType.Integer);
                var p = insert.Parameters.Add("@p", SqliteType.Text);
                var d = insert.Parameters.Add("@d", SqliteType.Blob);
                insert.Prepare();
                for (var k = 0; k < RowsPerTransaction && (more = source.MoveNext()); k++)
                {
                    var e = source.Current;
                    (s.Value, n.Value, t.Value, p.Value, d.Value) = (e.SubjectHash, e.Name, e.Timestamp, e.PublicData, shape.SealedPayload());
                    insert.ExecuteNonQuery();
                    events++;
                }

                await transaction.CommitAsync(cancellationToken);
                progress.Report(events);
            }
        }

        progress.Done(events);
        var rollups = Stopwatch.StartNew();
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken))
        {
            Log("building event_counts");
            await SqliteExecuteAsync(connection, transaction, EventCountsSql, workspaceId, cancellationToken);
            Log("building activity_days");
            await SqliteExecuteAsync(connection, transaction, ActivityDaysSql, workspaceId, cancellationToken);
            Log("building activity_periods");
            await SqliteExecuteAsync(connection, transaction, ActivityWeeksSql, workspaceId, cancellationToken);
            await SqliteExecuteAsync(connection, transaction, SqliteActivityMonthsSql, workspaceId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Statistics as a long-running database would have them (Waymark's own connections run no ANALYZE).
        Log("ANALYZE and checkpoint");
        await SqliteExecuteAsync(connection, null, "ANALYZE; PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE);", 0, cancellationToken);
        return (events, rollups.Elapsed);
    }

    private static async Task<(long Events, TimeSpan Rollups)> FillPostgresAsync(AnalyticsFillOptions options, AnalyticsShape shape, Progress progress, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync(cancellationToken);
        await PgExecuteAsync(connection, "SET synchronous_commit = off", 0, cancellationToken);
        var workspaceId = await WorkspaceIdAsync(connection, options.Workspace, cancellationToken);

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY users (workspace_id, subject_hash, kind, sealed_id, public_traits, sealed_traits, sealed_phi_traits, created_at, updated_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var u in shape.Users)
            {
                await copy.StartRowAsync(cancellationToken);
                copy.Write(workspaceId, NpgsqlDbType.Bigint);
                copy.Write(u.SubjectHash, NpgsqlDbType.Bytea);
                copy.Write(1, NpgsqlDbType.Integer);
                copy.Write(u.SealedId, NpgsqlDbType.Bytea);
                copy.Write(u.PublicTraits, NpgsqlDbType.Text);
                copy.WriteNull();
                copy.WriteNull();
                copy.Write(u.CreatedAt, NpgsqlDbType.Bigint);
                copy.Write(u.CreatedAt, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        long events = 0;
        using (var source = shape.Events(options.Events).GetEnumerator())
        {
            var more = true;
            while (more)
            {
                await using var copy = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
                for (var k = 0; k < RowsPerTransaction && (more = source.MoveNext()); k++)
                {
                    var e = source.Current;
                    copy.StartRow();
                    copy.Write(workspaceId, NpgsqlDbType.Bigint);
                    copy.Write(e.SubjectHash, NpgsqlDbType.Bytea);
                    copy.WriteNull();
                    copy.Write(2, NpgsqlDbType.Integer);
                    copy.Write(e.Name, NpgsqlDbType.Text);
                    copy.Write(e.Timestamp, NpgsqlDbType.Bigint);
                    copy.Write(e.Timestamp, NpgsqlDbType.Bigint);
                    copy.Write(e.PublicData, NpgsqlDbType.Text);
                    copy.Write(shape.SealedPayload(), NpgsqlDbType.Bytea);
                    copy.WriteNull();
                    events++;
                }

                await copy.CompleteAsync(cancellationToken);
                progress.Report(events);
            }
        }

        progress.Done(events);
        var rollups = Stopwatch.StartNew();
        Log("building event_counts");
        await PgExecuteAsync(connection, EventCountsSql, workspaceId, cancellationToken);
        Log("building activity_days");
        await PgExecuteAsync(connection, ActivityDaysSql, workspaceId, cancellationToken);
        Log("building activity_periods");
        await PgExecuteAsync(connection, ActivityWeeksSql, workspaceId, cancellationToken);
        await PgExecuteAsync(connection, PostgresActivityMonthsSql, workspaceId, cancellationToken);
        // Statistics as autovacuum would have gathered them by the time anyone asks.
        Log("VACUUM ANALYZE and checkpoint");
        await PgExecuteAsync(connection, "VACUUM ANALYZE", 0, cancellationToken);
        await PgExecuteAsync(connection, "CHECKPOINT", 0, cancellationToken);
        return (events, rollups.Elapsed);
    }

    private static async Task<long> WorkspaceIdAsync(System.Data.Common.DbConnection connection, string publicId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM workspaces WHERE public_id = @p";
        var p = command.CreateParameter();
        p.ParameterName = "p";
        p.Value = publicId;
        command.Parameters.Add(p);
        var id = await command.ExecuteScalarAsync(cancellationToken);
        return id is null ? throw new InvalidOperationException($"No workspace {publicId}: create it with 'waymark workspace create' first.") : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    private static async Task SqliteExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, long workspaceId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.Parameters.AddWithValue("@w", workspaceId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task PgExecuteAsync(NpgsqlConnection connection, string sql, long workspaceId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (sql.Contains("@w", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("w", workspaceId);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Log(string line) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] analytics-fill: {line}"));

    /// <summary>A progress line every tenth of the way (and the rate), on standard error.</summary>
    private sealed class Progress(long target)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _next = Math.Max(1, target / 10);

        public void Report(long events)
        {
            if (events >= _next)
            {
                Log(string.Create(CultureInfo.InvariantCulture, $"{events:N0} of {target:N0} events ({100.0 * events / target:F0} %), {events / _clock.Elapsed.TotalSeconds:N0}/s"));
                _next += Math.Max(1, target / 10);
            }
        }

        public void Done(long events) =>
            Log(string.Create(CultureInfo.InvariantCulture, $"{events:N0} events in {_clock.Elapsed.TotalSeconds:F0} s"));
    }
}
