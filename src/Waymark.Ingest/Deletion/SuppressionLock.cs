using System.Data.Common;
using Waymark.Storage;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// Makes "check suppressions, then insert" atomic against a deletion on PostgreSQL: ingest writers hold the lock
/// shared for their transaction, a deletion holds it exclusively, so an event is either committed before the deletion
/// (and purged by its job) or checked after it (and dropped). SQLite needs nothing: its writers already take turns.
/// </summary>
internal static class SuppressionLock
{
    /// <summary>"Waymark" and 1: an advisory lock key no other feature uses.</summary>
    private const long Key = 0x5761796D61726B01;

    public static Task TakeSharedAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, CancellationToken cancellationToken) =>
        TakeAsync(connection, transaction, provider, "pg_advisory_xact_lock_shared", cancellationToken);

    public static Task TakeExclusiveAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, CancellationToken cancellationToken) =>
        TakeAsync(connection, transaction, provider, "pg_advisory_xact_lock", cancellationToken);

    private static async Task TakeAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, string function, CancellationToken cancellationToken)
    {
        if (provider != DatabaseProvider.Postgres)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {function}(@k)";
        command.AddParameter("@k", Key);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
