using System.Data.Common;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>
/// How an <see cref="IStoredEventsObserver"/> writes its rollup rows: one statement, prepared once for the group and run
/// once per row inside the writer's transaction. Callers pass the rows in one global order (workspace, subject, then
/// the rest of the key) so that concurrent PostgreSQL writers touching the same rows cannot deadlock.
/// </summary>
public static class RollupStatement
{
    /// <summary>Runs <paramref name="sql"/> once per row; each row holds the values of <paramref name="names"/>, in order.</summary>
    public static async Task RunAsync(DbTransaction transaction, string sql, IReadOnlyList<string> names, IEnumerable<object[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(rows);
        DbCommand? command = null;
        var parameters = new DbParameter[names.Count];
        try
        {
            foreach (var row in rows)
            {
                if (command is null)
                {
                    // The first row's values type the parameters, which Npgsql needs before it can prepare.
                    command = transaction.Connection!.CreateCommand();
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

                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }
    }
}
