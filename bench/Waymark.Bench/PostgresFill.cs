using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Waymark.Bench;

/// <summary>
/// The PostgreSQL counterpart of <see cref="SqliteFill"/>: event-shaped rows of the subjects real events created, with
/// random sealed values of Waymark's sizes, streamed with binary <c>COPY</c> into <c>events</c> (and a random message
/// key per row into <c>event_ids</c>), until <c>pg_database_size</c> reaches the target.
/// </summary>
internal static class PostgresFill
{
    private const int RowsPerTransaction = 200_000;

    private const string Copy =
        "COPY events (workspace_id, subject_hash, company_hash, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi) FROM STDIN (FORMAT BINARY)";

    public static async Task<long> FillAsync(string connectionString, long workspaceId, long targetBytes, ulong seed, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "SET synchronous_commit = off", cancellationToken);
        var subjects = new List<byte[]>();
        await using (var command = new NpgsqlCommand("SELECT DISTINCT subject_hash FROM events WHERE workspace_id = @w", connection))
        {
            command.Parameters.AddWithValue("w", workspaceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                subjects.Add((byte[])reader[0]);
            }
        }

        if (subjects.Count == 0)
        {
            throw new InvalidOperationException("No subjects to fill for: send some events first.");
        }

        var rng = new XorShift(seed);
        var payload = new byte[276];
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        var events = await ScalarAsync(connection, "SELECT COUNT(*) FROM events", cancellationToken);
        while (await ScalarAsync(connection, "SELECT pg_database_size(current_database())", cancellationToken) < targetBytes)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var copy = await connection.BeginBinaryImportAsync(Copy, cancellationToken))
            {
                for (var i = 0; i < RowsPerTransaction; i++)
                {
                    // 184–276 random bytes: the 230-byte mean of Waymark's sealed payloads ±20 %, as the raw baseline uses.
                    var sealedValue = payload.AsSpan(0, 184 + rng.Next(93));
                    rng.Fill(sealedValue);
                    copy.StartRow();
                    copy.Write(workspaceId, NpgsqlDbType.Bigint);
                    copy.Write(subjects[rng.Next(subjects.Count)], NpgsqlDbType.Bytea);
                    copy.WriteNull();
                    copy.Write(rng.Next(20) == 0 ? 1 : 2, NpgsqlDbType.Integer);
                    copy.Write(EventData.Names[rng.Next(EventData.Names.Length)], NpgsqlDbType.Text);
                    copy.Write(now - rng.Next(3_600_000), NpgsqlDbType.Bigint);
                    copy.Write(now + (events + i) / 1000, NpgsqlDbType.Bigint);
                    copy.WriteNull();
                    copy.Write(sealedValue.ToArray(), NpgsqlDbType.Bytea);
                    copy.WriteNull();
                }

                await copy.CompleteAsync(cancellationToken);
            }

            await using (var ids = new NpgsqlCommand(
                "INSERT INTO event_ids (workspace_id, message_key) SELECT @w, (random() * 9.2e18)::bigint FROM generate_series(1, @n) ON CONFLICT DO NOTHING", connection, transaction))
            {
                ids.Parameters.AddWithValue("w", workspaceId);
                ids.Parameters.AddWithValue("n", RowsPerTransaction);
                await ids.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            events += RowsPerTransaction;
            Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rfilling: {events:N0} events"));
        }

        Console.Error.WriteLine();
        await ExecuteAsync(connection, "CHECKPOINT", cancellationToken);
        return events;
    }

    public static async Task<long> DatabaseSizeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return await ScalarAsync(connection, "SELECT pg_database_size(current_database())", cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
