using System.Data.Common;
using Waymark.Crypto.Keys;
using Waymark.Storage;

namespace Waymark.Ingest.Export;

/// <summary>
/// The rows of job exports: <c>subject_exports</c> (one per export) and <c>subject_export_chunks</c> (its content,
/// each chunk sealed under the subject's key; chunk 0 is the sealed <see cref="ExportSummary"/>, the content follows
/// from chunk 1).
/// </summary>
internal sealed class ExportStore(WaymarkDatabase database)
{
    private const string Columns = "export_id, workspace_id, subject_hash, kind, format, job_id, created_at, expires_at, size_bytes";

    public static async Task InsertWithinAsync(DbTransaction transaction, StoredExport export, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO subject_exports ({Columns}) VALUES (@e, @w, @s, @k, @f, @j, @c, @x, @n)";
        command.AddParameter("@e", export.ExportId);
        command.AddParameter("@w", export.WorkspaceId);
        command.AddParameter("@s", export.Subject.ToBytes());
        command.AddParameter("@k", (int)export.Kind);
        command.AddParameter("@f", export.Format.Name());
        command.AddParameter("@j", export.JobId);
        command.AddParameter("@c", export.CreatedAt.ToUnixTimeMilliseconds());
        command.AddParameter("@x", export.ExpiresAt.ToUnixTimeMilliseconds());
        command.AddParameter("@n", export.SizeBytes);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<StoredExport?> FindAsync(long workspaceId, string exportId, CancellationToken cancellationToken) =>
        FindWhereAsync("export_id = @v AND workspace_id = @w", workspaceId, exportId, cancellationToken);

    public Task<StoredExport?> FindByJobAsync(long workspaceId, string jobId, CancellationToken cancellationToken) =>
        FindWhereAsync("job_id = @v AND workspace_id = @w", workspaceId, jobId, cancellationToken);

    /// <summary>Deletes one export, rows and chunks.</summary>
    public async Task DeleteAsync(string exportId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(transaction, "DELETE FROM subject_export_chunks WHERE export_id = @v", exportId, cancellationToken);
        await ExecuteAsync(transaction, "DELETE FROM subject_exports WHERE export_id = @v", exportId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deletes every export, of any workspace, that expired at or before <paramref name="now"/>.</summary>
    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var cutoff = now.ToUnixTimeMilliseconds();
        await ExecuteAsync(transaction, "DELETE FROM subject_export_chunks WHERE export_id IN (SELECT export_id FROM subject_exports WHERE expires_at <= @v)", cutoff, cancellationToken);
        var deleted = await ExecuteAsync(transaction, "DELETE FROM subject_exports WHERE expires_at <= @v", cutoff, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task DeleteChunksAsync(string exportId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(transaction, "DELETE FROM subject_export_chunks WHERE export_id = @v", exportId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task InsertChunkAsync(string exportId, int seq, byte[] sealedContent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertChunkAsync(transaction, exportId, seq, sealedContent, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Marks an export written: its sealed summary as chunk 0 and its size, in one transaction. Answers false when the
    /// export is gone (it expired meanwhile).
    /// </summary>
    public async Task<bool> CompleteAsync(string exportId, byte[] sealedSummary, long sizeBytes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE subject_exports SET size_bytes = @n WHERE export_id = @e";
        command.AddParameter("@n", sizeBytes);
        command.AddParameter("@e", exportId);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            return false;
        }

        await InsertChunkAsync(transaction, exportId, 0, sealedSummary, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The export's sealed chunks in order, from <paramref name="firstSeq"/>, one at a time.</summary>
    public async IAsyncEnumerable<byte[]> ReadChunksAsync(string exportId, int firstSeq, int lastSeq, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed_content FROM subject_export_chunks WHERE export_id = @e AND seq >= @from AND seq <= @to ORDER BY seq";
        command.AddParameter("@e", exportId);
        command.AddParameter("@from", firstSeq);
        command.AddParameter("@to", lastSeq);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (byte[])reader.GetValue(0);
        }
    }

    private static async Task InsertChunkAsync(DbTransaction transaction, string exportId, int seq, byte[] sealedContent, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO subject_export_chunks (export_id, seq, sealed_content) VALUES (@e, @q, @c)";
        command.AddParameter("@e", exportId);
        command.AddParameter("@q", seq);
        command.AddParameter("@c", sealedContent);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<StoredExport?> FindWhereAsync(string where, long workspaceId, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM subject_exports WHERE {where}";
        command.AddParameter("@v", value);
        command.AddParameter("@w", workspaceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredExport(
            reader.GetString(0),
            reader.GetInt64(1),
            SubjectHash.FromBytes((byte[])reader.GetValue(2)),
            (SubjectKind)reader.GetInt32(3),
            ExportFormats.TryParse(reader.GetString(4), out var format) ? format : throw new InvalidDataException("An export has an unknown format."),
            reader.GetString(5),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            reader.GetInt64(8));
    }

    private static async Task<int> ExecuteAsync(DbTransaction transaction, string sql, object value, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.AddParameter("@v", value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
