using Microsoft.Data.Sqlite;
using Waymark.Ingest.Deletion;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>
/// SQLite's fastest durable path: one long-lived connection, prepared single-row inserts reused for every row,
/// one IMMEDIATE transaction per group. Deduplication is an insert into <c>event_ids</c> (a WITHOUT ROWID table
/// of workspace and 64-bit message key) that reports whether the message was new.
/// </summary>
internal sealed class SqliteEventStore(WaymarkDatabase database, SuppressionFilter suppressions, IReadOnlyList<IStoredEventsObserver> observers) : IEventStore
{
    private SqliteConnection? _connection;
    private SqliteCommand? _insertId;
    private SqliteCommand? _insertEvent;

    public async Task<WriteOutcome[]> WriteAsync(IReadOnlyList<WriteRequest> requests, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        var outcomes = new WriteOutcome[requests.Count];
        await using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            _insertId!.Transaction = transaction;
            _insertEvent!.Transaction = transaction;
            var suppressed = await suppressions.ApplyAsync(connection, transaction, DatabaseProvider.Sqlite, requests, cancellationToken);
            var duplicates = new HashSet<(long, long)>();
            var tracked = new List<StoredEvent>();
            for (var r = 0; r < requests.Count; r++)
            {
                var stored = 0;
                var duplicated = 0;
                foreach (var row in requests[r].Events)
                {
                    if (row.MessageKey is { } key)
                    {
                        _insertId.Parameters[0].Value = row.WorkspaceId;
                        _insertId.Parameters[1].Value = key;
                        if (_insertId.ExecuteNonQuery() == 0)
                        {
                            duplicates.Add((row.WorkspaceId, key));
                            duplicated++;
                            continue;
                        }
                    }

                    var p = _insertEvent.Parameters;
                    p[0].Value = row.WorkspaceId;
                    p[1].Value = row.SubjectHash;
                    p[2].Value = (object?)row.CompanyHash ?? DBNull.Value;
                    p[3].Value = (int)row.Type;
                    p[4].Value = (object?)row.Name ?? DBNull.Value;
                    p[5].Value = row.Timestamp;
                    p[6].Value = row.ReceivedAt;
                    p[7].Value = (object?)row.PublicData ?? DBNull.Value;
                    p[8].Value = row.SealedData;
                    p[9].Value = (object?)row.SealedPhi ?? DBNull.Value;
                    _insertEvent.ExecuteNonQuery();
                    StoredEvents.Collect(tracked, row);
                    stored++;
                }

                outcomes[r] = new WriteOutcome(stored, duplicated, suppressed[r]);
            }

            await ProfileWriter.ApplyAllAsync(connection, transaction, DatabaseProvider.Sqlite, requests, duplicates, cancellationToken);
            await StoredEvents.NotifyAsync(observers, transaction, DatabaseProvider.Sqlite, tracked, cancellationToken);

            await transaction.CommitAsync(cancellationToken);
            return outcomes;
        }
        catch
        {
            await ResetAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await ResetAsync();

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return _connection;
        }

        var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        _insertId = connection.CreateCommand();
        _insertId.CommandText = "INSERT INTO event_ids (workspace_id, message_key) VALUES (@w, @k) ON CONFLICT DO NOTHING";
        _insertId.Parameters.Add("@w", SqliteType.Integer);
        _insertId.Parameters.Add("@k", SqliteType.Integer);
        _insertEvent = connection.CreateCommand();
        _insertEvent.CommandText = """
            INSERT INTO events (workspace_id, subject_hash, company_hash, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi)
            VALUES (@w, @s, @c, @ty, @n, @ts, @r, @pd, @sd, @sp)
            """;
        foreach (var (name, type) in new[] { ("@w", SqliteType.Integer), ("@s", SqliteType.Blob), ("@c", SqliteType.Blob), ("@ty", SqliteType.Integer), ("@n", SqliteType.Text), ("@ts", SqliteType.Integer), ("@r", SqliteType.Integer), ("@pd", SqliteType.Text), ("@sd", SqliteType.Blob), ("@sp", SqliteType.Blob) })
        {
            _insertEvent.Parameters.Add(name, type);
        }

        _connection = connection;
        return connection;
    }

    private async Task ResetAsync()
    {
        if (_insertId is not null)
        {
            await _insertId.DisposeAsync();
        }

        if (_insertEvent is not null)
        {
            await _insertEvent.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _insertId = null;
        _insertEvent = null;
        _connection = null;
    }
}
