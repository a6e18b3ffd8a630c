using System.Data.Common;
using Waymark.Crypto.Keys;
using Waymark.Storage;
using Waymark.Workspaces.Callers;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// The ledger of accepted deletions (keyed subject hashes only), read from any database (a live one, a snapshot being
/// backed up) and replayed into the configured one after a restore, so that restoring an older backup never brings a
/// deleted person back.
/// </summary>
public sealed class DeletionLedger
{
    private const int ReplayBatch = 5_000;

    private readonly WaymarkDatabase _database;
    private readonly SubjectDeletion _deletion;

    internal DeletionLedger(WaymarkDatabase database, SubjectDeletion deletion)
    {
        _database = database;
        _deletion = deletion;
    }

    /// <summary>Every entry of the ledger in the database behind <paramref name="connection"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<DeletionLedgerEntry>> ReadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT workspace_id, subject_hash, kind, deleted_at FROM deletion_ledger ORDER BY id";
        var entries = new List<DeletionLedgerEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new DeletionLedgerEntry(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetInt32(2), reader.GetInt64(3)));
        }

        return entries;
    }

    /// <summary>
    /// Deletes again every subject of <paramref name="entries"/> that the configured database's own ledger does not
    /// list: its key is destroyed, it is suppressed, entered in the ledger and a purge job queued, as on any deletion.
    /// Entries of workspaces the database does not have are skipped: nothing of theirs is there to delete.
    /// </summary>
    public async Task<LedgerReplay> ReplayAsync(IEnumerable<DeletionLedgerEntry> entries, Caller caller, CancellationToken cancellationToken)
    {
        HashSet<(long, UInt128)> known;
        HashSet<long> workspaces;
        await using (var connection = await _database.OpenConnectionAsync(cancellationToken))
        {
            known = (await ReadAsync(connection, null, cancellationToken)).Select(Key).ToHashSet();
            workspaces = await ReadWorkspacesAsync(connection, cancellationToken);
        }

        var missing = entries
            .Where(e => workspaces.Contains(e.WorkspaceId) && e.SubjectHash.Length == 16 && Enum.IsDefined((SubjectKind)e.Kind))
            .DistinctBy(Key)
            .Where(e => !known.Contains(Key(e)))
            .ToList();
        var skipped = entries.Count(e => !workspaces.Contains(e.WorkspaceId));
        var jobs = new List<PurgeJob>();
        foreach (var group in missing.GroupBy(e => (e.WorkspaceId, e.Kind)))
        {
            foreach (var batch in group.OrderBy(e => e.DeletedAt).Chunk(ReplayBatch))
            {
                var subjects = batch.Select(e => SubjectHash.FromBytes(e.SubjectHash)).ToList();
                var deletedAt = DateTimeOffset.FromUnixTimeMilliseconds(batch[^1].DeletedAt);
                jobs.Add(new PurgeJob(group.Key.WorkspaceId, await _deletion.DeleteHashesAsync(caller, group.Key.WorkspaceId, (SubjectKind)group.Key.Kind, subjects, deletedAt)));
            }
        }

        return new LedgerReplay(missing.Count, skipped, jobs);
    }

    private static (long, UInt128) Key(DeletionLedgerEntry entry) => (entry.WorkspaceId, SubjectHash.FromBytes(entry.SubjectHash).Value);

    private static async Task<HashSet<long>> ReadWorkspacesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM workspaces";
        var ids = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}

/// <summary>One ledger entry: which workspace, the subject's keyed hash (16 bytes), user (0) or company (1), and when it was deleted (Unix ms).</summary>
public sealed record DeletionLedgerEntry(long WorkspaceId, byte[] SubjectHash, int Kind, long DeletedAt);

/// <summary>What a replay did: subjects deleted again, entries skipped because their workspace is not in this database, and the purge jobs queued.</summary>
public sealed record LedgerReplay(int Replayed, int Skipped, IReadOnlyList<PurgeJob> PurgeJobs);

/// <summary>A purge job queued by a replay, and the workspace it runs in.</summary>
public sealed record PurgeJob(long WorkspaceId, string JobId);
