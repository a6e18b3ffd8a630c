using System.Data.Common;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>Adds each stored track event to <c>event_counts</c>: one upsert per subject, name and day of the group.</summary>
internal sealed class EventCounter : IStoredEventsObserver
{
    private const long DayMilliseconds = 86_400_000;

    public async Task ApplyAsync(DbTransaction transaction, DatabaseProvider provider, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<(long Workspace, string Subject, string Name, int Day), (byte[] Hash, long Count, long LastAt)>();
        foreach (var e in events)
        {
            if (e.Timestamp < 0)
            {
                continue;
            }

            var key = (e.WorkspaceId, Convert.ToHexString(e.SubjectHash), e.Name, (int)(e.Timestamp / DayMilliseconds));
            totals[key] = totals.TryGetValue(key, out var total)
                ? (total.Hash, total.Count + 1, Math.Max(total.LastAt, e.Timestamp))
                : (e.SubjectHash, 1, e.Timestamp);
        }

        if (totals.Count == 0)
        {
            return;
        }

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO event_counts (workspace_id, subject_hash, name, day, count, last_at) VALUES (@w, @s, @n, @d, @c, @l)
            ON CONFLICT (workspace_id, subject_hash, name, day) DO UPDATE SET
              count = event_counts.count + excluded.count,
              last_at = CASE WHEN excluded.last_at > event_counts.last_at THEN excluded.last_at ELSE event_counts.last_at END
            """;
        var w = command.AddParameter("@w", 0L);
        var s = command.AddParameter("@s", Array.Empty<byte>());
        var n = command.AddParameter("@n", "");
        var d = command.AddParameter("@d", 0);
        var c = command.AddParameter("@c", 0L);
        var l = command.AddParameter("@l", 0L);
        await command.PrepareAsync(cancellationToken);
        // One global order for the rows a group touches, so concurrent PostgreSQL writers cannot deadlock on them.
        foreach (var (key, total) in totals.OrderBy(t => t.Key.Workspace).ThenBy(t => t.Key.Subject, StringComparer.Ordinal).ThenBy(t => t.Key.Name, StringComparer.Ordinal).ThenBy(t => t.Key.Day))
        {
            w.Value = key.Workspace;
            s.Value = total.Hash;
            n.Value = key.Name;
            d.Value = key.Day;
            c.Value = total.Count;
            l.Value = total.LastAt;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
