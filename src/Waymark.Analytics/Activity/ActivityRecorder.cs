using System.Data.Common;
using Waymark.Analytics.Queries;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Analytics.Activity;

/// <summary>
/// Marks each subject active on the days, weeks and months of the track events just stored, inside the ingest
/// writer's transaction, so <c>activity_days</c> and <c>activity_periods</c> never disagree with the event log (see
/// <see cref="Schema.ActivityDayRow"/> and <see cref="Schema.ActivityPeriodRow"/> for why they exist).
/// </summary>
internal sealed class ActivityRecorder : IStoredEventsObserver
{
    private const string DaySql = "INSERT INTO activity_days (workspace_id, subject_hash, day) VALUES (@w, @s, @d) ON CONFLICT DO NOTHING";

    private const string PeriodSql = "INSERT INTO activity_periods (workspace_id, subject_hash, period, start_day) VALUES (@w, @s, @p, @d) ON CONFLICT DO NOTHING";

    private static readonly string[] DayParameters = ["@w", "@s", "@d"];

    private static readonly string[] PeriodParameters = ["@w", "@s", "@p", "@d"];

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

        var dayRows = days
            .OrderBy(k => k.Key.Workspace).ThenBy(k => k.Key.Subject, StringComparer.Ordinal).ThenBy(k => k.Key.Day)
            .Select(k => new object[] { k.Key.Workspace, k.Value, k.Key.Day });
        var newDays = await RollupStatement.RunAsync(transaction, DaySql, DayParameters, dayRows, cancellationToken);

        // A day already marked had its week and month marked with it (by this observer, the backfills and the purges
        // alike), so only a new day can need them: most events come from someone already active that day, and each
        // row skipped is a probe into a table keyed by random subject hashes.
        var periods = new Dictionary<(long Workspace, string Subject, short Period, int Start), byte[]>();
        foreach (var row in newDays)
        {
            var (workspace, hash, day) = ((long)row[0], (byte[])row[1], (int)row[2]);
            foreach (var interval in ActivityPeriods.Kept)
            {
                periods.TryAdd((workspace, Convert.ToHexString(hash), ActivityPeriods.Of(interval), Buckets.StartOf(interval, day)), hash);
            }
        }

        var periodRows = periods
            .OrderBy(k => k.Key.Workspace).ThenBy(k => k.Key.Subject, StringComparer.Ordinal).ThenBy(k => k.Key.Period).ThenBy(k => k.Key.Start)
            .Select(k => new object[] { k.Key.Workspace, k.Value, k.Key.Period, k.Key.Start });
        await RollupStatement.RunAsync(transaction, PeriodSql, PeriodParameters, periodRows, cancellationToken);
    }
}
