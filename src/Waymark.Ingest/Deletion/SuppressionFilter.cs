using System.Data.Common;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// Inside the writer's transaction, before anything is inserted: drops the events and profile changes of suppressed
/// (deleted) subjects, counts them on the suppression, and destroys any data key the sealer created for them again.
/// A deleted person is never re-created by late or replayed events.
/// </summary>
internal sealed class SuppressionFilter(KeyRing keyRing)
{
    private const int Chunk = 400;

    /// <summary>Answers how many events of each request were dropped.</summary>
    public async Task<int[]> ApplyAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, IReadOnlyList<WriteRequest> requests, CancellationToken cancellationToken)
    {
        await SuppressionLock.TakeSharedAsync(connection, transaction, provider, cancellationToken);
        var dropped = new int[requests.Count];
        var suppressed = await FindSuppressedAsync(transaction, requests, cancellationToken);
        if (suppressed.Count == 0)
        {
            return dropped;
        }

        var drops = new Dictionary<(long WorkspaceId, SubjectHash Subject), long>();
        for (var r = 0; r < requests.Count; r++)
        {
            var request = requests[r];
            dropped[r] = request.Events.RemoveAll(e =>
            {
                var subject = SubjectHash.FromBytes(e.SubjectHash);
                var culprit = suppressed.Contains((e.WorkspaceId, subject)) ? subject
                    : e.CompanyHash is { } company && suppressed.Contains((e.WorkspaceId, SubjectHash.FromBytes(company))) ? SubjectHash.FromBytes(company)
                    : (SubjectHash?)null;
                if (culprit is not { } hash)
                {
                    return false;
                }

                drops[(e.WorkspaceId, hash)] = drops.GetValueOrDefault((e.WorkspaceId, hash)) + 1;
                return true;
            });
            request.Profiles.RemoveAll(p =>
                suppressed.Contains((p.WorkspaceId, p.Key.Subject))
                || (p.MemberHash is { } member && suppressed.Contains((p.WorkspaceId, SubjectHash.FromBytes(member)))));
        }

        foreach (var workspace in suppressed.GroupBy(s => s.WorkspaceId, s => s.Subject))
        {
            await keyRing.DestroySubjectKeysAsync(workspace.Key, workspace.ToList(), transaction, cancellationToken);
        }

        await CountAsync(transaction, drops, cancellationToken);
        return dropped;
    }

    private static async Task<HashSet<(long WorkspaceId, SubjectHash Subject)>> FindSuppressedAsync(DbTransaction transaction, IReadOnlyList<WriteRequest> requests, CancellationToken cancellationToken)
    {
        var candidates = new HashSet<(long, SubjectHash)>();
        foreach (var request in requests)
        {
            foreach (var e in request.Events)
            {
                candidates.Add((e.WorkspaceId, SubjectHash.FromBytes(e.SubjectHash)));
                if (e.CompanyHash is { } company)
                {
                    candidates.Add((e.WorkspaceId, SubjectHash.FromBytes(company)));
                }
            }

            foreach (var p in request.Profiles)
            {
                candidates.Add((p.WorkspaceId, p.Key.Subject));
            }
        }

        var suppressed = new HashSet<(long, SubjectHash)>();
        foreach (var workspace in candidates.GroupBy(c => c.Item1, c => c.Item2))
        {
            foreach (var chunk in workspace.Chunk(Chunk))
            {
                await using var command = transaction.Connection!.CreateCommand();
                command.Transaction = transaction;
                command.AddParameter("@w", workspace.Key);
                command.CommandText = $"SELECT subject_hash FROM subject_suppressions WHERE workspace_id = @w AND subject_hash IN ({command.AddInList("s", chunk.Select(s => s.ToBytes()).ToArray())})";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    suppressed.Add((workspace.Key, SubjectHash.FromBytes((byte[])reader.GetValue(0))));
                }
            }
        }

        return suppressed;
    }

    private static async Task CountAsync(DbTransaction transaction, Dictionary<(long WorkspaceId, SubjectHash Subject), long> drops, CancellationToken cancellationToken)
    {
        foreach (var ((workspaceId, subject), count) in drops)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE subject_suppressions SET dropped_events = dropped_events + @n WHERE workspace_id = @w AND subject_hash = @s";
            command.AddParameter("@n", count);
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@s", subject.ToBytes());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
