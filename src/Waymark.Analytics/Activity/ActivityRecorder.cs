using System.Data.Common;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Analytics.Activity;

/// <summary>
/// Marks each subject active on the days of the track events just stored, inside the ingest writer's transaction, so
/// <c>activity_days</c> never disagrees with the event log (see <see cref="Schema.ActivityDayRow"/> for why it exists).
/// </summary>
internal sealed class ActivityRecorder : IStoredEventsObserver
{
    public async Task ApplyAsync(DbTransaction transaction, DatabaseProvider provider, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        var days = new Dictionary<(long Workspace, string Subject, int Day), byte[]>();
        foreach (var e in events)
        {
            if (e.Timestamp >= 0)
            {
                days.TryAdd((e.WorkspaceId, Convert.ToHexString(e.SubjectHash), AnalyticsDays.Of(e.Timestamp)), e.SubjectHash);
            }
        }

        if (days.Count == 0)
        {
            return;
        }

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO activity_days (workspace_id, subject_hash, day) VALUES (@w, @s, @d) ON CONFLICT DO NOTHING";
        var w = command.AddParameter("@w", 0L);
        var s = command.AddParameter("@s", Array.Empty<byte>());
        var d = command.AddParameter("@d", 0);
        await command.PrepareAsync(cancellationToken);
        // One global order for the rows a group touches, so concurrent PostgreSQL writers cannot deadlock on them.
        foreach (var (key, hash) in days.OrderBy(k => k.Key.Workspace).ThenBy(k => k.Key.Subject, StringComparer.Ordinal).ThenBy(k => k.Key.Day))
        {
            w.Value = key.Workspace;
            s.Value = hash;
            d.Value = key.Day;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
