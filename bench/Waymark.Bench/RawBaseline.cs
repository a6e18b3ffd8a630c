using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Waymark.Bench;

internal sealed record RawOptions(
    string Provider,
    string Connection,
    int Rows,
    int Batch,
    bool WithDedup,
    int PayloadBytes,
    int Subjects,
    int Writers,
    bool AsyncCopy,
    bool Json,
    ulong Seed,
    string? Pragmas = null);

/// <summary>
/// The physical baseline: event-shaped rows written straight into Waymark's own <c>events</c> table (created by
/// <c>waymark migrate</c>), as durably as Waymark writes them, with no HTTP, JSON, encryption or deduplication.
/// With <c>--with-dedup</c> every row also claims a random 64-bit key in <c>event_ids</c>, the way Waymark does.
/// </summary>
internal static class RawBaseline
{
    private const long WorkspaceId = 1;
    private const int PayloadPool = 4096;

    private const string SqliteInsertEvent = """
        INSERT INTO events (workspace_id, subject_hash, company_hash, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi)
        VALUES (@w, @s, NULL, @ty, @n, @ts, @r, NULL, @sd, NULL)
        """;

    private const string SqliteInsertId = "INSERT INTO event_ids (workspace_id, message_key) VALUES (@w, @k) ON CONFLICT DO NOTHING";

    private const string PostgresCopy =
        "COPY events (workspace_id, subject_hash, company_hash, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi) FROM STDIN (FORMAT BINARY)";

    private const string PostgresClaim =
        "INSERT INTO event_ids (workspace_id, message_key) SELECT * FROM unnest(@w, @k) ON CONFLICT DO NOTHING RETURNING workspace_id, message_key";

    public static async Task<int> RunAsync(RawOptions options, CancellationToken cancellationToken)
    {
        var data = new RowData(options);
        var commits = new List<double>();
        var writtenBefore = WrittenBytes();
        var started = Stopwatch.GetTimestamp();
        switch (options.Provider)
        {
            case "sqlite":
                RunSqlite(options, data, commits);
                break;
            case "postgres":
                await RunPostgresAsync(options, data, commits, cancellationToken);
                break;
            default:
                await Console.Error.WriteLineAsync("raw: --provider is sqlite or postgres");
                return 2;
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        // On SQLite every byte written to the WAL and the database passes through this process; on PostgreSQL the server writes.
        var bytesPerRow = (WrittenBytes() - writtenBefore) / Math.Max(1, options.Rows);
        var bytesJson = options.Provider == "sqlite" ? bytesPerRow.ToString(CultureInfo.InvariantCulture) : "null";
        var bytesText = options.Provider == "sqlite" ? string.Create(CultureInfo.InvariantCulture, $"; this process wrote {bytesPerRow:N0} bytes per row") : "";
        commits.Sort();
        var rate = options.Rows / seconds;
        var p50 = Percentile(commits, 0.50);
        var p99 = Percentile(commits, 0.99);
        if (options.Json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"mode\":\"raw\",\"provider\":\"{options.Provider}\",\"dedup\":{(options.WithDedup ? "true" : "false")},\"rows\":{options.Rows},\"batch\":{options.Batch},\"writers\":{options.Writers},\"payloadBytes\":{options.PayloadBytes},\"seconds\":{seconds:F3},\"rowsPerSecond\":{rate:F0},\"commitP50Ms\":{p50:F2},\"commitP99Ms\":{p99:F2},\"writtenBytesPerRow\":{bytesJson}}}"));
        }
        else
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"raw {options.Provider}{(options.WithDedup ? " +dedup" : "")}: {options.Rows:N0} rows, {options.Batch:N0} per transaction, {options.Writers} writer(s), sealed_data ~{options.PayloadBytes} B: {seconds:F2} s = {rate:N0} rows/s (commit p50 {p50:F1} ms, p99 {p99:F1} ms{bytesText})"));
        }

        return 0;
    }

    /// <summary>Bytes this process handed to write system calls so far (Linux /proc/self/io wchar); 0 elsewhere.</summary>
    internal static long WrittenBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
            {
                if (line.StartsWith("wchar:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static void RunSqlite(RawOptions options, RowData data, List<double> commits)
    {
        var connectionString = options.Connection.Contains('=', StringComparison.Ordinal)
            ? options.Connection
            : new SqliteConnectionStringBuilder { DataSource = options.Connection, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // The very settings Waymark applies to every connection.
            pragma.CommandText = Waymark.Storage.SqliteTuning.Pragmas;
            pragma.ExecuteNonQuery();
            if (!string.IsNullOrWhiteSpace(options.Pragmas))
            {
                // Experiments only (e.g. "PRAGMA wal_autocheckpoint=10000"); the baseline itself uses Waymark's settings.
                pragma.CommandText = options.Pragmas;
                pragma.ExecuteNonQuery();
            }
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = SqliteInsertEvent;
        var w = insert.Parameters.Add("@w", SqliteType.Integer);
        var s = insert.Parameters.Add("@s", SqliteType.Blob);
        var ty = insert.Parameters.Add("@ty", SqliteType.Integer);
        var n = insert.Parameters.Add("@n", SqliteType.Text);
        var ts = insert.Parameters.Add("@ts", SqliteType.Integer);
        var r = insert.Parameters.Add("@r", SqliteType.Integer);
        var sd = insert.Parameters.Add("@sd", SqliteType.Blob);
        using var insertId = connection.CreateCommand();
        insertId.CommandText = SqliteInsertId;
        var iw = insertId.Parameters.Add("@w", SqliteType.Integer);
        var ik = insertId.Parameters.Add("@k", SqliteType.Integer);
        w.Value = WorkspaceId;
        iw.Value = WorkspaceId;

        var rng = new XorShift(options.Seed);
        var written = 0;
        while (written < options.Rows)
        {
            var count = Math.Min(options.Batch, options.Rows - written);
            var commitStarted = Stopwatch.GetTimestamp();
            using var transaction = connection.BeginTransaction(deferred: false);
            insert.Transaction = transaction;
            insertId.Transaction = transaction;
            for (var i = 0; i < count; i++)
            {
                if (options.WithDedup)
                {
                    ik.Value = rng.NextInt64();
                    insertId.ExecuteNonQuery();
                }

                var row = data.Row(rng, written + i);
                s.Value = row.Subject;
                ty.Value = row.Type;
                n.Value = row.Name;
                ts.Value = row.Timestamp;
                r.Value = row.ReceivedAt;
                sd.Value = row.Sealed;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
            commits.Add(Stopwatch.GetElapsedTime(commitStarted).TotalMilliseconds);
            written += count;
        }
    }

    private static async Task RunPostgresAsync(RawOptions options, RowData data, List<double> commits, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(options.Connection);
        var next = -options.Batch;
        var gate = new Lock();
        var writers = Enumerable.Range(0, Math.Max(1, options.Writers)).Select(writer => Task.Run(async () =>
        {
            var rng = new XorShift(options.Seed + (ulong)writer * 7919);
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            while (true)
            {
                var start = Interlocked.Add(ref next, options.Batch);
                if (start >= options.Rows)
                {
                    return;
                }

                var count = Math.Min(options.Batch, options.Rows - start);
                var commitStarted = Stopwatch.GetTimestamp();
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                if (options.WithDedup)
                {
                    await ClaimAsync(connection, transaction, rng, count, cancellationToken);
                }

                await using (var copy = await connection.BeginBinaryImportAsync(PostgresCopy, cancellationToken))
                {
                    for (var i = 0; i < count; i++)
                    {
                        var row = data.Row(rng, start + i);
                        if (options.AsyncCopy)
                        {
                            // The shape of Waymark's PostgresEventStore: one awaited call per field.
                            await copy.StartRowAsync(cancellationToken);
                            await copy.WriteAsync(WorkspaceId, NpgsqlDbType.Bigint, cancellationToken);
                            await copy.WriteAsync(row.Subject, NpgsqlDbType.Bytea, cancellationToken);
                            await copy.WriteNullAsync(cancellationToken);
                            await copy.WriteAsync(row.Type, NpgsqlDbType.Integer, cancellationToken);
                            await copy.WriteAsync(row.Name, NpgsqlDbType.Text, cancellationToken);
                            await copy.WriteAsync(row.Timestamp, NpgsqlDbType.Bigint, cancellationToken);
                            await copy.WriteAsync(row.ReceivedAt, NpgsqlDbType.Bigint, cancellationToken);
                            await copy.WriteNullAsync(cancellationToken);
                            await copy.WriteAsync(row.Sealed, NpgsqlDbType.Bytea, cancellationToken);
                            await copy.WriteNullAsync(cancellationToken);
                        }
                        else
                        {
                            copy.StartRow();
                            copy.Write(WorkspaceId, NpgsqlDbType.Bigint);
                            copy.Write(row.Subject, NpgsqlDbType.Bytea);
                            copy.WriteNull();
                            copy.Write(row.Type, NpgsqlDbType.Integer);
                            copy.Write(row.Name, NpgsqlDbType.Text);
                            copy.Write(row.Timestamp, NpgsqlDbType.Bigint);
                            copy.Write(row.ReceivedAt, NpgsqlDbType.Bigint);
                            copy.WriteNull();
                            copy.Write(row.Sealed, NpgsqlDbType.Bytea);
                            copy.WriteNull();
                        }
                    }

                    await copy.CompleteAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(commitStarted).TotalMilliseconds;
                lock (gate)
                {
                    commits.Add(elapsed);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(writers);
    }

    /// <summary>Waymark's claim: sorted keys, one <c>INSERT ... SELECT unnest ... ON CONFLICT DO NOTHING RETURNING</c>.</summary>
    private static async Task ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, XorShift rng, int count, CancellationToken cancellationToken)
    {
        var keys = new long[count];
        for (var i = 0; i < count; i++)
        {
            keys[i] = rng.NextInt64();
        }

        Array.Sort(keys);
        await using var command = new NpgsqlCommand(PostgresClaim, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("w", Enumerable.Repeat(WorkspaceId, count).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("k", keys));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            _ = reader.GetInt64(1);
        }
    }

    /// <summary>Pre-generated pools so that generating rows costs next to nothing inside the timed loop.</summary>
    private sealed class RowData
    {
        private readonly byte[][] _subjects;
        private readonly byte[][] _payloads;
        private readonly long _now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();

        public RowData(RawOptions options)
        {
            var rng = new XorShift(options.Seed ^ 0xA5A5A5A5UL);
            _subjects = new byte[Math.Max(1, options.Subjects)][];
            for (var i = 0; i < _subjects.Length; i++)
            {
                _subjects[i] = new byte[16];
                rng.Fill(_subjects[i]);
            }

            // Sealed payloads: random (incompressible, like ciphertext), sizes spread ±20 % around the measured mean.
            _payloads = new byte[PayloadPool][];
            for (var i = 0; i < _payloads.Length; i++)
            {
                var spread = Math.Max(1, options.PayloadBytes / 5);
                _payloads[i] = new byte[Math.Max(1, options.PayloadBytes - spread + rng.Next(2 * spread + 1))];
                rng.Fill(_payloads[i]);
            }
        }

        public Row Row(XorShift rng, int index) => new(
            _subjects[rng.Next(_subjects.Length)],
            rng.Next(20) == 0 ? 1 : 2,
            EventData.Names[rng.Next(EventData.Names.Length)],
            _now - rng.Next(3_600_000),
            _now + index / 1000,
            _payloads[rng.Next(_payloads.Length)]);
    }

    private readonly record struct Row(byte[] Subject, int Type, string Name, long Timestamp, long ReceivedAt, byte[] Sealed);
}
