using Microsoft.Data.Sqlite;
using Waymark.Audit.Chain;
using Waymark.Storage;

namespace Waymark.Audit.Writing;

/// <summary>
/// Appends on SQLite. The transaction begins IMMEDIATE: it takes the database's write lock before the heads are
/// read, so another process (a CLI command beside the server) cannot append between our read and our write.
/// The busy timeout makes the other appender wait for the lock instead of failing.
/// </summary>
internal sealed class SqliteAuditStore(WaymarkDatabase database) : IAuditStore
{
    public async Task AppendAsync(IReadOnlyList<PendingEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var heads = new Dictionary<long, ChainHead>();
        foreach (var workspaceId in entries.Select(e => e.WorkspaceId).Distinct())
        {
            heads[workspaceId] = await ReadHeadAsync(connection, transaction, workspaceId, cancellationToken);
        }

        var records = PendingEntry.LinkAll(entries, heads);

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO audit_entries (workspace_id, seq, "time", actor_kind, actor_id, action, target_type, target_id, outcome, source_ip, request_id, details, prev_hash, hash)
                VALUES (@w, @s, @t, @ak, @ai, @a, @tt, @ti, @o, @ip, @r, @d, @p, @h)
                """;
            foreach (var record in records)
            {
                insert.Parameters.Clear();
                insert.AddParameter("@w", record.WorkspaceId);
                insert.AddParameter("@s", record.Seq);
                insert.AddParameter("@t", record.Time);
                insert.AddParameter("@ak", record.ActorKind);
                insert.AddParameter("@ai", record.ActorId);
                insert.AddParameter("@a", record.Action);
                insert.AddParameter("@tt", record.TargetType);
                insert.AddParameter("@ti", record.TargetId);
                insert.AddParameter("@o", record.Outcome);
                insert.AddParameter("@ip", record.SourceIp);
                insert.AddParameter("@r", record.RequestId);
                insert.AddParameter("@d", record.Details);
                insert.AddParameter("@p", record.PrevHash);
                insert.AddParameter("@h", record.Hash);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO audit_heads (workspace_id, seq, hash) VALUES (@w, @s, @h)
                ON CONFLICT (workspace_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
                """;
            foreach (var (workspaceId, head) in heads)
            {
                upsert.Parameters.Clear();
                upsert.AddParameter("@w", workspaceId);
                upsert.AddParameter("@s", head.Seq);
                upsert.AddParameter("@h", head.Hash);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The chain's head row; without one (a chain's first append) the chain's last entry, if any, so that a lost head
    /// row never makes the writer start a second chain beside the existing entries.
    /// </summary>
    private static async Task<ChainHead> ReadHeadAsync(SqliteConnection connection, SqliteTransaction transaction, long workspaceId, CancellationToken cancellationToken)
    {
        return await ReadOneAsync("SELECT seq, hash FROM audit_heads WHERE workspace_id = @w")
            ?? await ReadOneAsync("SELECT seq, hash FROM audit_entries WHERE workspace_id = @w ORDER BY seq DESC LIMIT 1")
            ?? ChainHead.Empty;

        async Task<ChainHead?> ReadOneAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.AddParameter("@w", workspaceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? new ChainHead(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
        }
    }
}
