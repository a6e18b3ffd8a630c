using Npgsql;
using NpgsqlTypes;
using Waymark.Ingest.Deletion;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>
/// PostgreSQL's fastest durable path: the group's message keys are claimed in one <c>INSERT ... SELECT unnest(...)
/// ON CONFLICT DO NOTHING RETURNING</c>, and the new events are streamed with binary COPY, all in one transaction.
/// Keys are claimed in sorted order so that concurrent writers (several nodes) cannot deadlock.
/// </summary>
internal sealed class PostgresEventStore(WaymarkDatabase database, SuppressionFilter suppressions, IReadOnlyList<IStoredEventsObserver> observers) : IEventStore
{
    private NpgsqlConnection? _connection;

    public async Task<WriteOutcome[]> WriteAsync(IReadOnlyList<WriteRequest> requests, CancellationToken cancellationToken)
    {
        _connection ??= (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken);
        var connection = _connection;
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var suppressed = await suppressions.ApplyAsync(connection, transaction, DatabaseProvider.Postgres, requests, cancellationToken);
            var claimed = await ClaimMessageKeysAsync(connection, transaction, requests, cancellationToken);
            var outcomes = new WriteOutcome[requests.Count];
            var duplicates = new HashSet<(long, long)>();
            var tracked = new List<StoredEvent>();
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY events (workspace_id, subject_hash, company_hash, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi) FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                for (var r = 0; r < requests.Count; r++)
                {
                    var stored = 0;
                    var duplicated = 0;
                    foreach (var row in requests[r].Events)
                    {
                        if (row.MessageKey is { } key && !claimed.Remove((row.WorkspaceId, key)))
                        {
                            duplicates.Add((row.WorkspaceId, key));
                            duplicated++;
                            continue;
                        }

                        await copy.StartRowAsync(cancellationToken);
                        await copy.WriteAsync(row.WorkspaceId, NpgsqlDbType.Bigint, cancellationToken);
                        await copy.WriteAsync(row.SubjectHash, NpgsqlDbType.Bytea, cancellationToken);
                        await WriteNullableAsync(copy, row.CompanyHash, NpgsqlDbType.Bytea, cancellationToken);
                        await copy.WriteAsync((int)row.Type, NpgsqlDbType.Integer, cancellationToken);
                        await WriteNullableAsync(copy, row.Name, NpgsqlDbType.Text, cancellationToken);
                        await copy.WriteAsync(row.Timestamp, NpgsqlDbType.Bigint, cancellationToken);
                        await copy.WriteAsync(row.ReceivedAt, NpgsqlDbType.Bigint, cancellationToken);
                        await WriteNullableAsync(copy, row.PublicData, NpgsqlDbType.Text, cancellationToken);
                        await copy.WriteAsync(row.SealedData, NpgsqlDbType.Bytea, cancellationToken);
                        await WriteNullableAsync(copy, row.SealedPhi, NpgsqlDbType.Bytea, cancellationToken);
                        StoredEvents.Collect(tracked, row);
                        stored++;
                    }

                    outcomes[r] = new WriteOutcome(stored, duplicated, suppressed[r]);
                }

                await copy.CompleteAsync(cancellationToken);
            }

            await ProfileWriter.ApplyAllAsync(connection, transaction, DatabaseProvider.Postgres, requests, duplicates, cancellationToken);
            await StoredEvents.NotifyAsync(observers, transaction, DatabaseProvider.Postgres, tracked, cancellationToken);

            await transaction.CommitAsync(cancellationToken);
            return outcomes;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    /// <summary>Claims every message key of the group; returns the ones that were new.</summary>
    private static async Task<HashSet<(long, long)>> ClaimMessageKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<WriteRequest> requests, CancellationToken cancellationToken)
    {
        var keys = requests.SelectMany(r => r.Events)
            .Where(e => e.MessageKey.HasValue)
            .Select(e => (e.WorkspaceId, Key: e.MessageKey!.Value))
            .Distinct()
            .Order()
            .ToArray();
        var claimed = new HashSet<(long, long)>(keys.Length);
        if (keys.Length == 0)
        {
            return claimed;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO event_ids (workspace_id, message_key) SELECT * FROM unnest(@w, @k) ON CONFLICT DO NOTHING RETURNING workspace_id, message_key",
            connection,
            transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("w", keys.Select(k => k.WorkspaceId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("k", keys.Select(k => k.Key).ToArray()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return claimed;
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
        where T : class =>
        value is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(value, type, cancellationToken);
}
