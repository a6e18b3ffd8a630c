using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Waymark.Storage;

namespace Waymark.Audit.Chain;

/// <summary>
/// Recomputes the hash chains from the stored entries, streaming each chain in seq order inside one snapshot, and
/// names the first entry that is not what was written: an edited entry (its hash no longer matches), a deleted one
/// (a gap in seq), an inserted or reordered one (a wrong prev_hash or hash), a head row that disagrees with its
/// chain's last entry, and, against an exported heads file, entries removed from the end.
/// Without a heads file kept elsewhere, someone able to rewrite the database could rebuild a whole chain; the heads
/// file is what they cannot reach.
/// </summary>
internal sealed class AuditChainVerifier(WaymarkDatabase database)
{
    public const int ProgressInterval = 1_000;

    public async Task<long> CountEntriesAsync(long? workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM audit_entries" + (workspaceId is null ? "" : " WHERE workspace_id = @w");
        if (workspaceId is { } id)
        {
            command.AddParameter("@w", id);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Every chain's head row, in workspace order.</summary>
    public async Task<IReadOnlyList<(long WorkspaceId, ChainHead Head)>> ReadHeadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var heads = await ReadHeadsAsync(connection, null, null, cancellationToken);
        return heads.OrderBy(h => h.Key).Select(h => (h.Key, h.Value)).ToList();
    }

    public async Task<AuditVerification> VerifyAsync(long? workspaceId, HeadsFile? exported, Action<long>? progress, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        var heads = await ReadHeadsAsync(connection, transaction, workspaceId, cancellationToken);
        var run = new Run(heads, exported, workspaceId);

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT workspace_id, seq, "time", actor_kind, actor_id, action, target_type, target_id, outcome, source_ip, request_id, details, prev_hash, hash
            FROM audit_entries
            """ + (workspaceId is null ? "" : " WHERE workspace_id = @w") + " ORDER BY workspace_id, seq";
        if (workspaceId is { } id)
        {
            command.AddParameter("@w", id);
        }

        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (run.Check(Read(reader)) is { } broken)
                {
                    return run.Result(broken);
                }

                if (run.Entries % ProgressInterval == 0)
                {
                    progress?.Invoke(run.Entries);
                }
            }
        }

        progress?.Invoke(run.Entries);
        return run.Result(run.FinishAll());
    }

    /// <summary>
    /// The first head of <paramref name="previous"/> that the log no longer holds as exported (null when every chain still
    /// extends its exported head), so a new export never replaces the evidence of a truncated or rewritten chain.
    /// </summary>
    public async Task<AuditChainBreak?> FindDivergenceAsync(HeadsFile previous, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM audit_entries WHERE workspace_id = @w AND seq = @s";
        var workspace = command.AddParameter("@w", 0L);
        var seq = command.AddParameter("@s", 0L);
        foreach (var head in previous.Heads.Where(h => h.Seq > 0).OrderBy(h => h.WorkspaceId))
        {
            workspace.Value = head.WorkspaceId;
            seq.Value = head.Seq;
            var stored = await command.ExecuteScalarAsync(cancellationToken) as byte[];
            if (stored is null)
            {
                return new AuditChainBreak(head.WorkspaceId, head.Seq, $"is missing, though the heads exported at {previous.ExportedAtText} record it (entries removed from the end)");
            }

            if (!stored.AsSpan().SequenceEqual(head.HashBytes))
            {
                return new AuditChainBreak(head.WorkspaceId, head.Seq, $"differs from the heads exported at {previous.ExportedAtText}: the chain was rewritten from here or earlier");
            }
        }

        return null;
    }

    private static async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true) // a read transaction: WAL keeps its snapshot without blocking the writer
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    /// <summary>Every chain's head row in the database behind <paramref name="connection"/>, which need not be the configured one.</summary>
    internal static async Task<Dictionary<long, ChainHead>> ReadHeadsAsync(DbConnection connection, DbTransaction? transaction, long? workspaceId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT workspace_id, seq, hash FROM audit_heads" + (workspaceId is null ? "" : " WHERE workspace_id = @w");
        if (workspaceId is { } id)
        {
            command.AddParameter("@w", id);
        }

        var heads = new Dictionary<long, ChainHead>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            heads[reader.GetInt64(0)] = new ChainHead(reader.GetInt64(1), reader.IsDBNull(2) ? [] : reader.GetFieldValue<byte[]>(2));
        }

        return heads;
    }

    private static AuditRecord Read(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        byte[] Bytes(int i) => reader.IsDBNull(i) ? [] : reader.GetFieldValue<byte[]>(i);
        return new AuditRecord(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            Text(3),
            Text(4),
            Text(5),
            Text(6),
            Text(7),
            Text(8),
            Text(9),
            Text(10),
            Text(11),
            Bytes(12),
            Bytes(13));
    }

    /// <summary>The state of one pass over the entries: the chain being checked and what is expected next.</summary>
    private sealed class Run
    {
        private readonly Dictionary<long, ChainHead> _heads;
        private readonly HeadsFile? _exportedFile;
        private readonly Dictionary<long, ExportedHead> _exported;

        // Chains known from head rows or the heads file: checked even when no entry of theirs is left.
        private readonly SortedSet<long> _unvisited;
        private long? _current;
        private long _expected = 1;
        private byte[] _previous = AuditHash.Genesis;

        public Run(Dictionary<long, ChainHead> heads, HeadsFile? exported, long? workspaceId)
        {
            _heads = heads;
            _exportedFile = exported;
            _exported = (exported?.Heads ?? []).Where(h => workspaceId is null || h.WorkspaceId == workspaceId).ToDictionary(h => h.WorkspaceId);
            _unvisited = new SortedSet<long>(heads.Keys.Concat(_exported.Keys));
        }

        public int Chains { get; private set; }

        public long Entries { get; private set; }

        public AuditVerification Result(AuditChainBreak? broken) => new(Chains, Entries, broken);

        public AuditChainBreak? Check(AuditRecord row)
        {
            if (row.WorkspaceId != _current)
            {
                if ((Finish() ?? FinishUnvisitedBefore(row.WorkspaceId)) is { } broken)
                {
                    return broken;
                }

                _current = row.WorkspaceId;
                _unvisited.Remove(row.WorkspaceId);
                _expected = 1;
                _previous = AuditHash.Genesis;
            }

            var workspace = row.WorkspaceId;
            if (row.Seq < _expected)
            {
                return new AuditChainBreak(workspace, row.Seq, $"appears again, or out of order, after seq {_expected - 1}");
            }

            if (row.Seq > _expected)
            {
                var missing = row.Seq - _expected == 1 ? "is missing" : $"is missing, as are the {row.Seq - _expected - 1} after it";
                return new AuditChainBreak(workspace, _expected, _expected == 1
                    ? $"{missing}: the chain starts at seq {row.Seq} (entries deleted)"
                    : $"{missing}: seq {row.Seq} follows seq {_expected - 1} (entries deleted)");
            }

            if (!AuditHash.Compute(row).AsSpan().SequenceEqual(row.Hash))
            {
                return new AuditChainBreak(workspace, row.Seq, "does not match its hash: the entry was edited, or moved from another position");
            }

            if (!row.PrevHash.AsSpan().SequenceEqual(_previous))
            {
                return new AuditChainBreak(workspace, row.Seq, _expected == 1
                    ? "does not start the chain (its prev_hash is not the genesis value): entries before it were removed, or it was inserted"
                    : $"does not follow seq {_expected - 1} (its prev_hash is not that entry's hash): an entry was replaced, inserted or reordered");
            }

            if (_exported.TryGetValue(workspace, out var exported) && exported.Seq == row.Seq && !exported.HashBytes.AsSpan().SequenceEqual(row.Hash))
            {
                return new AuditChainBreak(workspace, row.Seq, $"differs from the heads exported at {_exportedFile!.ExportedAtText}: the chain was rewritten from here or earlier");
            }

            _previous = row.Hash;
            _expected++;
            Entries++;
            return null;
        }

        public AuditChainBreak? FinishAll() => Finish() ?? FinishUnvisitedBefore(long.MaxValue);

        private AuditChainBreak? Finish()
        {
            if (_current is not { } workspace)
            {
                return null;
            }

            _current = null;
            return FinishChain(workspace, _expected - 1, _previous);
        }

        private AuditChainBreak? FinishUnvisitedBefore(long workspaceId)
        {
            foreach (var empty in _unvisited.Where(id => id < workspaceId).ToList())
            {
                _unvisited.Remove(empty);
                if (FinishChain(empty, 0, AuditHash.Genesis) is { } broken)
                {
                    return broken;
                }
            }

            return null;
        }

        private AuditChainBreak? FinishChain(long workspace, long last, byte[] lastHash)
        {
            Chains++;
            var ends = last == 0 ? "the chain has no entries" : $"the chain ends at seq {last}";
            if (!_heads.TryGetValue(workspace, out var head))
            {
                if (last > 0)
                {
                    return new AuditChainBreak(workspace, last, "has no head row in audit_heads: the head row was deleted");
                }
            }
            else if (head.Seq > last)
            {
                return new AuditChainBreak(workspace, last + 1, $"is missing: the head row records seq {head.Seq}, but {ends} (entries removed from the end)");
            }
            else if (head.Seq < last)
            {
                return new AuditChainBreak(workspace, head.Seq + 1, $"lies beyond the head row, which records seq {head.Seq}: entries were added without the writer, or the head row was rolled back");
            }
            else if (!head.Hash.AsSpan().SequenceEqual(lastHash))
            {
                return new AuditChainBreak(workspace, last, "does not match the head row's hash: the head row or the entry was changed");
            }

            if (_exported.TryGetValue(workspace, out var exported) && exported.Seq > last)
            {
                return new AuditChainBreak(workspace, last + 1, $"is missing: the heads exported at {_exportedFile!.ExportedAtText} record seq {exported.Seq}, but {ends} (entries removed from the end)");
            }

            return null;
        }
    }
}
