using System.Data.Common;
using Waymark.Crypto.Keys;
using Waymark.Storage;

namespace Waymark.Ingest.Deletion;

/// <summary>The rows held about a subject, and how they are removed: the small ones at acceptance, the rest in batches.</summary>
internal static class SubjectRows
{
    private const int Chunk = 400;

    /// <summary>Rows that would let a deleted subject be found (blind-index terms) or read (finished exports).</summary>
    public static async Task DeleteIndexAndExportsAsync(DbTransaction transaction, long workspaceId, IReadOnlyCollection<SubjectHash> subjects, CancellationToken cancellationToken)
    {
        foreach (var chunk in subjects.Chunk(Chunk))
        {
            await ExecuteAsync(transaction, workspaceId, chunk, "DELETE FROM blind_index WHERE workspace_id = @w AND subject_hash IN ({0})", cancellationToken);
            await ExecuteAsync(transaction, workspaceId, chunk, "DELETE FROM subject_export_chunks WHERE export_id IN (SELECT export_id FROM subject_exports WHERE workspace_id = @w AND subject_hash IN ({0}))", cancellationToken);
            await ExecuteAsync(transaction, workspaceId, chunk, "DELETE FROM subject_exports WHERE workspace_id = @w AND subject_hash IN ({0})", cancellationToken);
        }
    }

    /// <summary>
    /// Deletes up to <paramref name="batch"/> of the subject's events (a user's own; for a company, its group events)
    /// in one statement; answers how many. Repeated until it answers 0.
    /// </summary>
    public static async Task<int> PurgeEventsAsync(DbConnection connection, long workspaceId, SubjectKind kind, SubjectHash subject, int batch, CancellationToken cancellationToken)
    {
        var column = kind == SubjectKind.Company ? "company_hash" : "subject_hash";
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE workspace_id = @w AND {column} = @s LIMIT @n)";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", subject.ToBytes());
        command.AddParameter("@n", batch);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The profile, memberships, event counts, any index or export rows left, and a user's rows held by other features,
    /// in one transaction; answers the rows removed.
    /// </summary>
    public static async Task<int> PurgeProfileAsync(DbConnection connection, long workspaceId, SubjectKind kind, SubjectHash subject, IReadOnlyList<ISubjectRowsOwner> owners, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        SubjectHash[] one = [subject];
        var removed = kind == SubjectKind.Company
            ? await ExecuteAsync(transaction, workspaceId, one, "DELETE FROM companies WHERE workspace_id = @w AND subject_hash IN ({0})", cancellationToken)
              + await ExecuteAsync(transaction, workspaceId, one, "DELETE FROM memberships WHERE workspace_id = @w AND company_hash IN ({0})", cancellationToken)
            : await ExecuteAsync(transaction, workspaceId, one, "DELETE FROM users WHERE workspace_id = @w AND subject_hash IN ({0})", cancellationToken)
              + await ExecuteAsync(transaction, workspaceId, one, "DELETE FROM memberships WHERE workspace_id = @w AND user_hash IN ({0})", cancellationToken)
              + await ExecuteAsync(transaction, workspaceId, one, "DELETE FROM event_counts WHERE workspace_id = @w AND subject_hash IN ({0})", cancellationToken);
        if (kind != SubjectKind.Company)
        {
            foreach (var owner in owners)
            {
                removed += await owner.PurgeUserAsync(transaction, workspaceId, subject.ToBytes(), cancellationToken);
            }
        }

        await DeleteIndexAndExportsAsync(transaction, workspaceId, one, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    private static async Task<int> ExecuteAsync(DbTransaction transaction, long workspaceId, SubjectHash[] subjects, string sql, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.AddParameter("@w", workspaceId);
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, command.AddInList("s", subjects.Select(s => s.ToBytes()).ToArray()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
