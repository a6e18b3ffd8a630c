using System.Data.Common;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>Adds each stored track event to <c>event_counts</c>: one upsert per subject, name and day of the group.</summary>
internal sealed class EventCounter : IStoredEventsObserver
{
    private const long DayMilliseconds = 86_400_000;

    private const string Upsert = """
        INSERT INTO event_counts (workspace_id, subject_hash, name, day, count, last_at) VALUES (@w, @s, @n, @d, @c, @l)
        ON CONFLICT (workspace_id, subject_hash, name, day) DO UPDATE SET
          count = event_counts.count + excluded.count,
          last_at = CASE WHEN excluded.last_at > event_counts.last_at THEN excluded.last_at ELSE event_counts.last_at END
        """;

    private static readonly string[] Parameters = ["@w", "@s", "@n", "@d", "@c", "@l"];

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

        var rows = totals
            .OrderBy(t => t.Key.Workspace).ThenBy(t => t.Key.Subject, StringComparer.Ordinal).ThenBy(t => t.Key.Name, StringComparer.Ordinal).ThenBy(t => t.Key.Day)
            .Select(t => new object[] { t.Key.Workspace, t.Value.Hash, t.Key.Name, t.Key.Day, t.Value.Count, t.Value.LastAt });
        await RollupStatement.RunAsync(transaction, Upsert, Parameters, rows, cancellationToken);
    }
}
