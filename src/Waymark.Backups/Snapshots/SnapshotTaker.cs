using System.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using Waymark.Storage;

namespace Waymark.Backups.Snapshots;

/// <summary>
/// Takes a consistent snapshot while ingest keeps writing. SQLite: <c>VACUUM INTO</c> copies the database as of one
/// read transaction into a fresh, compact file. PostgreSQL: a repeatable-read transaction exports its snapshot, the
/// facts are read in it, and <c>pg_dump --snapshot</c> dumps exactly that state.
/// </summary>
internal sealed class SnapshotTaker(WaymarkDatabase database, SchemaMigrator migrator, PostgresTools postgresTools, Microsoft.Extensions.Options.IOptions<StorageOptions> storage)
{
    public async Task<DatabaseSnapshot> TakeAsync(string directory, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(directory, DatabaseSnapshot.EntryNameOf(DatabaseSnapshot.Sqlite));
            await using (var connection = await database.OpenConnectionAsync(cancellationToken))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "VACUUM INTO @file";
                command.Parameters.Add(new SqliteParameter("@file", file));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new DatabaseSnapshot(DatabaseSnapshot.Sqlite, file, DatabaseSnapshot.EntryNameOf(DatabaseSnapshot.Sqlite), await ReadSqliteFactsAsync(file, cancellationToken));
        }

        var dump = Path.Combine(directory, DatabaseSnapshot.EntryNameOf(DatabaseSnapshot.Postgres));
        await using (var connection = (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken))
        {
            string snapshotId;
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT pg_export_snapshot()";
                snapshotId = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            }

            var facts = await SnapshotFacts.ReadAsync(connection, transaction, DatabaseProvider.Postgres, migrator, cancellationToken);
            await postgresTools.DumpAsync(storage.Value.Database!, snapshotId, dump, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new DatabaseSnapshot(DatabaseSnapshot.Postgres, dump, DatabaseSnapshot.EntryNameOf(DatabaseSnapshot.Postgres), facts);
        }
    }

    /// <summary>Reads the facts of a SQLite database file that no one else is using (a snapshot, or a restored copy).</summary>
    public async Task<SnapshotFacts> ReadSqliteFactsAsync(string file, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        return await SnapshotFacts.ReadAsync(connection, null, DatabaseProvider.Sqlite, migrator, cancellationToken);
    }
}
