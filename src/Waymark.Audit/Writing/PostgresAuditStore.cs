using Npgsql;
using NpgsqlTypes;
using Waymark.Audit.Chain;
using Waymark.Storage;

namespace Waymark.Audit.Writing;

/// <summary>
/// Appends on PostgreSQL, where any number of nodes (and CLI commands) append to the same chains. Each group locks
/// its chains' head rows (<c>FOR UPDATE</c>, in workspace order so that two appenders cannot deadlock) inside the
/// transaction that inserts the entries: a second appender waits for the commit and then reads the new head, so a
/// chain never forks. One statement inserts all entries and one moves all heads.
/// </summary>
internal sealed class PostgresAuditStore(WaymarkDatabase database) : IAuditStore
{
    public async Task AppendAsync(IReadOnlyList<PendingEntry> entries, CancellationToken cancellationToken)
    {
        var workspaceIds = entries.Select(e => e.WorkspaceId).Distinct().Order().ToArray();
        for (var attempt = 0; ; attempt++)
        {
            await using var connection = (NpgsqlConnection)await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var heads = await LockHeadsAsync(connection, transaction, workspaceIds, cancellationToken);
            if (heads.Count < workspaceIds.Length)
            {
                if (attempt > 0)
                {
                    throw new InvalidOperationException("The audit_heads rows could not be created.");
                }

                // Inserting missing heads inside this transaction could deadlock with another appender that already
                // holds a head we have yet to lock; created in their own transaction, they are simply there.
                await transaction.RollbackAsync(cancellationToken);
                await CreateHeadsAsync(connection, workspaceIds.Where(id => !heads.ContainsKey(id)).ToArray(), cancellationToken);
                continue;
            }

            var records = PendingEntry.LinkAll(entries, heads);
            await InsertEntriesAsync(connection, transaction, records, cancellationToken);
            await MoveHeadsAsync(connection, transaction, heads, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }
    }

    private static async Task<Dictionary<long, ChainHead>> LockHeadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] workspaceIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT workspace_id, seq, hash FROM audit_heads WHERE workspace_id = ANY(@ids) ORDER BY workspace_id FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("ids", workspaceIds);
        var heads = new Dictionary<long, ChainHead>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            heads[reader.GetInt64(0)] = new ChainHead(reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
        }

        return heads;
    }

    /// <summary>
    /// Head rows for chains that have none: the genesis head for a new chain, or the last entry's position should the
    /// head row have gone missing, so that appending continues the existing chain rather than colliding with it.
    /// </summary>
    private static async Task CreateHeadsAsync(NpgsqlConnection connection, long[] workspaceIds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO audit_heads (workspace_id, seq, hash)
            SELECT w.id, COALESCE(last.seq, 0), COALESCE(last.hash, @genesis)
            FROM unnest(@ids) AS w(id)
            LEFT JOIN LATERAL (SELECT e.seq, e.hash FROM audit_entries e WHERE e.workspace_id = w.id ORDER BY e.seq DESC LIMIT 1) AS last ON true
            ORDER BY w.id
            ON CONFLICT (workspace_id) DO NOTHING
            """,
            connection);
        command.Parameters.AddWithValue("ids", workspaceIds);
        command.Parameters.AddWithValue("genesis", AuditHash.Genesis);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task InsertEntriesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditRecord[] records, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO audit_entries (workspace_id, seq, "time", actor_kind, actor_id, action, target_type, target_id, outcome, source_ip, request_id, details, prev_hash, hash)
            SELECT * FROM unnest(@w, @s, @t, @ak, @ai, @a, @tt, @ti, @o, @ip, @r, @d, @p, @h)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("w", records.Select(r => r.WorkspaceId).ToArray());
        command.Parameters.AddWithValue("s", records.Select(r => r.Seq).ToArray());
        command.Parameters.AddWithValue("t", records.Select(r => r.Time).ToArray());
        AddText(command, "ak", records.Select(r => r.ActorKind));
        AddText(command, "ai", records.Select(r => r.ActorId));
        AddText(command, "a", records.Select(r => r.Action));
        AddText(command, "tt", records.Select(r => r.TargetType));
        AddText(command, "ti", records.Select(r => r.TargetId));
        AddText(command, "o", records.Select(r => r.Outcome));
        AddText(command, "ip", records.Select(r => r.SourceIp));
        AddText(command, "r", records.Select(r => r.RequestId));
        AddText(command, "d", records.Select(r => r.Details));
        command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = records.Select(r => r.PrevHash).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("h", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = records.Select(r => r.Hash).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task MoveHeadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Dictionary<long, ChainHead> heads, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE audit_heads AS h SET seq = v.seq, hash = v.hash
            FROM unnest(@w, @s, @h) AS v(workspace_id, seq, hash)
            WHERE h.workspace_id = v.workspace_id
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("w", heads.Keys.ToArray());
        command.Parameters.AddWithValue("s", heads.Values.Select(h => h.Seq).ToArray());
        command.Parameters.Add(new NpgsqlParameter("h", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = heads.Values.Select(h => h.Hash).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddText(NpgsqlCommand command, string name, IEnumerable<string?> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
}
