using System.Data.Common;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>
/// How an <see cref="IStoredEventsObserver"/> writes its rollup rows: one statement per row inside the writer's
/// transaction. Where the provider batches (Npgsql), the rows travel in a few round trips instead of one each: on
/// PostgreSQL a round trip per row cost the writer more than the rows themselves. SQLite runs in process, so there the
/// statement is prepared once and run per row. Callers pass the rows in one global order (workspace, subject, then the
/// rest of the key) so that concurrent PostgreSQL writers touching the same rows cannot deadlock.
/// </summary>
public static class RollupStatement
{
    private const int RowsPerBatch = 1000;

    /// <summary>
    /// Runs <paramref name="sql"/> once per row; each row holds the values of <paramref name="names"/>, in order.
    /// Answers the rows that changed the table (an insert that met a conflict and did nothing did not).
    /// </summary>
    public static async Task<IReadOnlyList<object[]>> RunAsync(DbTransaction transaction, string sql, IReadOnlyList<string> names, IEnumerable<object[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(rows);
        var connection = transaction.Connection!;
        return connection.CanCreateBatch
            ? await RunBatchedAsync(connection, transaction, sql, names, rows, cancellationToken)
            : await RunPreparedAsync(connection, transaction, sql, names, rows, cancellationToken);
    }

    private static async Task<IReadOnlyList<object[]>> RunBatchedAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> names, IEnumerable<object[]> rows, CancellationToken cancellationToken)
    {
        var changed = new List<object[]>();
        foreach (var chunk in rows.Chunk(RowsPerBatch))
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var row in chunk)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                for (var i = 0; i < names.Count; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = names[i];
                    parameter.Value = row[i];
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < chunk.Length; i++)
            {
                if (batch.BatchCommands[i].RecordsAffected > 0)
                {
                    changed.Add(chunk[i]);
                }
            }
        }

        return changed;
    }

    private static async Task<IReadOnlyList<object[]>> RunPreparedAsync(DbConnection connection, DbTransaction transaction, string sql, IReadOnlyList<string> names, IEnumerable<object[]> rows, CancellationToken cancellationToken)
    {
        DbCommand? command = null;
        var parameters = new DbParameter[names.Count];
        var changed = new List<object[]>();
        try
        {
            foreach (var row in rows)
            {
                if (command is null)
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = sql;
                    for (var i = 0; i < names.Count; i++)
                    {
                        parameters[i] = command.AddParameter(names[i], row[i]);
                    }

                    await command.PrepareAsync(cancellationToken);
                }
                else
                {
                    for (var i = 0; i < names.Count; i++)
                    {
                        parameters[i].Value = row[i];
                    }
                }

                if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    changed.Add(row);
                }
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }

        return changed;
    }
}
