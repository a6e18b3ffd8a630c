using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Waymark.Crypto.MasterKeys;
using Waymark.Crypto.Sealing;
using Waymark.Storage;

namespace Waymark.Crypto.Keys;

/// <summary>
/// Envelope encryption: master key → workspace key → one data key per subject. Unwrapped keys are cached
/// in memory (bounded); the database only ever holds wrapped keys.
/// </summary>
public sealed class KeyRing(MasterKey masterKey, WaymarkDatabase database, TimeProvider clock) : IDisposable
{
    private const int LookupChunk = 400;
    private static readonly byte[] WorkspaceWrapContext = "waymark/workspace-key"u8.ToArray();

    private readonly ConcurrentDictionary<long, WorkspaceKeys> _workspaces = new();
    /// <summary>
    /// How long an unwrapped subject key is kept: bounds how long another process can still use a key that a deletion
    /// has destroyed (that process's writes for the subject are dropped by the suppression check all the same).
    /// </summary>
    public static readonly TimeSpan SubjectCacheLifetime = TimeSpan.FromMinutes(1);

    private readonly MemoryCache _subjects = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    /// <summary>Creates and stores a workspace key inside the caller's transaction.</summary>
    public async Task CreateWorkspaceKeyAsync(long workspaceId, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var wrapped = Aead.Seal(masterKey.Bytes, key, WorkspaceAssociatedData(workspaceId));
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO workspace_keys (workspace_id, wrapped_key, created_at) VALUES (@w, @k, @t)";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@k", wrapped);
        command.AddParameter("@t", clock.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<WorkspaceKeys> GetWorkspaceAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        if (_workspaces.TryGetValue(workspaceId, out var cached))
        {
            return cached;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT wrapped_key FROM workspace_keys WHERE workspace_id = @w";
        command.AddParameter("@w", workspaceId);
        var wrapped = await command.ExecuteScalarAsync(cancellationToken) as byte[]
            ?? throw new InvalidOperationException($"Workspace {workspaceId} has no key.");
        var keys = new WorkspaceKeys(workspaceId, Aead.Open(masterKey.Bytes, wrapped, WorkspaceAssociatedData(workspaceId)));
        return _workspaces.GetOrAdd(workspaceId, keys);
    }

    /// <summary>
    /// The data keys of the given subjects, creating the missing ones. A created key is committed before it is used,
    /// and concurrent creators (other nodes) converge on whichever key was stored first.
    /// </summary>
    public async Task<Dictionary<SubjectHash, SubjectKey>> GetOrCreateSubjectKeysAsync(WorkspaceKeys workspace, IReadOnlyCollection<SubjectHash> subjects, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<SubjectHash, SubjectKey>(subjects.Count);
        var missing = new List<SubjectHash>();
        foreach (var subject in subjects)
        {
            if (_subjects.TryGetValue((workspace.WorkspaceId, subject), out SubjectKey? key) && key is not null)
            {
                result[subject] = key;
            }
            else if (!result.ContainsKey(subject))
            {
                missing.Add(subject);
            }
        }

        if (missing.Count == 0)
        {
            return result;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await LoadAsync(connection, workspace, missing, result, cancellationToken);
        // Sorted, so that concurrent creators (requests, nodes) take the row locks in one order and cannot deadlock.
        var toCreate = missing.Where(s => !result.ContainsKey(s)).Distinct().OrderBy(s => s.Value).ToList();
        if (toCreate.Count > 0)
        {
            await using (var transaction = await BeginRelaxedTransactionAsync(connection, cancellationToken))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO subject_keys (workspace_id, subject_hash, wrapped_key, created_at) VALUES (@w, @s, @k, @t) ON CONFLICT DO NOTHING";
                var w = command.AddParameter("@w", workspace.WorkspaceId);
                var s = command.AddParameter("@s", Array.Empty<byte>());
                var k = command.AddParameter("@k", Array.Empty<byte>());
                command.AddParameter("@t", clock.GetUtcNow().ToUnixTimeMilliseconds());
                await command.PrepareAsync(cancellationToken);
                foreach (var subject in toCreate)
                {
                    var subjectBytes = subject.ToBytes();
                    s.Value = subjectBytes;
                    k.Value = Aead.Seal(workspace.WrappingKey, RandomNumberGenerator.GetBytes(32), subjectBytes);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            await LoadAsync(connection, workspace, toCreate, result, cancellationToken);
        }

        return result;
    }

    /// <summary>An existing subject's key, or null when the subject never existed or its key was destroyed.</summary>
    public async Task<SubjectKey?> FindSubjectKeyAsync(WorkspaceKeys workspace, SubjectHash subject, CancellationToken cancellationToken = default)
    {
        if (_subjects.TryGetValue((workspace.WorkspaceId, subject), out SubjectKey? cached))
        {
            return cached;
        }

        var result = new Dictionary<SubjectHash, SubjectKey>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await LoadAsync(connection, workspace, [subject], result, cancellationToken);
        return result.GetValueOrDefault(subject);
    }

    /// <summary>
    /// Destroys the data keys of <paramref name="subjects"/> inside the caller's transaction (crypto-shredding: every
    /// value sealed under them, in this database and in every backup of it, is unreadable once it commits) and forgets
    /// them in this process. Other processes hold a cached key for at most <see cref="SubjectCacheLifetime"/>.
    /// Answers how many keys existed.
    /// </summary>
    public async Task<int> DestroySubjectKeysAsync(long workspaceId, IReadOnlyCollection<SubjectHash> subjects, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var destroyed = 0;
        foreach (var chunk in subjects.Chunk(LookupChunk))
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.AddParameter("@w", workspaceId);
            command.CommandText = $"DELETE FROM subject_keys WHERE workspace_id = @w AND subject_hash IN ({InList(command, chunk)})";
            destroyed += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        Forget(workspaceId, subjects);
        return destroyed;
    }

    /// <summary>Drops cached keys of <paramref name="subjects"/> so that the next use reads the key table again.</summary>
    public void Forget(long workspaceId, IEnumerable<SubjectHash> subjects)
    {
        foreach (var subject in subjects)
        {
            _subjects.Remove((workspaceId, subject));
        }
    }

    public void Dispose() => _subjects.Dispose();

    /// <summary>
    /// New keys are committed without waiting for the disk. That is safe: every event sealed with a key is committed
    /// later, durably, and that commit flushes the log (SQLite's WAL, PostgreSQL's WAL) up to and including this one,
    /// so a key is on disk before any event that needs it is acknowledged; a key lost in a crash had no acknowledged
    /// event. It spares each first-seen subject a disk flush of its own. (Every SQLite connection is set back to
    /// synchronous=FULL when it is next opened from the pool.)
    /// </summary>
    private async Task<DbTransaction> BeginRelaxedTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL", cancellationToken);
            return await connection.BeginTransactionAsync(cancellationToken);
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SET LOCAL synchronous_commit = off", cancellationToken);
        return transaction;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task LoadAsync(DbConnection connection, WorkspaceKeys workspace, List<SubjectHash> subjects, Dictionary<SubjectHash, SubjectKey> into, CancellationToken cancellationToken)
    {
        foreach (var chunk in subjects.Chunk(LookupChunk))
        {
            await using var command = connection.CreateCommand();
            command.AddParameter("@w", workspace.WorkspaceId);
            command.CommandText = $"SELECT subject_hash, wrapped_key FROM subject_keys WHERE workspace_id = @w AND subject_hash IN ({InList(command, chunk)})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var subjectBytes = (byte[])reader.GetValue(0);
                var subject = SubjectHash.FromBytes(subjectBytes);
                var key = new SubjectKey(subject, Aead.Open(workspace.WrappingKey, (byte[])reader.GetValue(1), subjectBytes));
                into[subject] = key;
                _subjects.Set((workspace.WorkspaceId, subject), key, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = SubjectCacheLifetime });
            }
        }
    }

    private static string InList(DbCommand command, SubjectHash[] chunk) => command.AddInList("s", chunk.Select(s => s.ToBytes()).ToArray());

    private static byte[] WorkspaceAssociatedData(long workspaceId) =>
        [.. WorkspaceWrapContext, .. BitConverter.GetBytes(workspaceId)];
}
