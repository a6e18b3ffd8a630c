using System.Globalization;
using Waymark.Analytics.Activity;
using Waymark.Storage;

namespace Waymark.Analytics.Queries;

/// <summary>
/// A retention question. A null <c>CohortEvent</c> puts users in cohorts by first seen (<c>users.created_at</c>),
/// otherwise by the first time they did it; a null <c>ReturnEvent</c> counts any track event as a return.
/// </summary>
internal sealed record RetentionRequest(string? CohortEvent, string? ReturnEvent, Interval Interval, int Periods, QueryRange Range, Audience Audience);

internal sealed record RetentionCohort(DateOnly Start, long Size, IReadOnlyList<long> Retained);

/// <summary>
/// Cohort retention, all of it counted in the database from small tables: cohorts from <c>users</c> or from
/// <c>event_counts</c> (the first day a user did the cohort event), returns from the activity rollups (any event) or
/// <c>event_counts</c> (a named event), each looked up per cohort member by primary key. The event log is not read.
/// </summary>
internal sealed class RetentionQuery(WaymarkDatabase database, TimeProvider clock)
{
    public async Task<IReadOnlyList<RetentionCohort>> RunAsync(long workspaceId, RetentionRequest request, CancellationToken cancellationToken)
    {
        var today = AnalyticsDays.Of(clock.GetUtcNow().ToUnixTimeMilliseconds());
        var cohorts = Buckets.Cover(request.Interval, request.Range.FromDay, request.Range.ToDay);
        var lastCohort = cohorts.Starts[^1];
        var lastReturnDay = Math.Min(today, Next(request.Interval, lastCohort, request.Periods) - 1);
        var returns = Buckets.Cover(request.Interval, cohorts.Starts[0], Math.Max(lastReturnDay, cohorts.Starts[0]));

        var sizes = new Dictionary<int, long>();
        var retained = new Dictionary<(int Cohort, int Bucket), long>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            var cohort = Cohort(command, workspaceId, request, returns);
            command.CommandText = $"SELECT b, COUNT(*) FROM ({cohort}) c GROUP BY b";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                sizes[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        await using (var command = connection.CreateCommand())
        {
            var cohort = Cohort(command, workspaceId, request, returns);
            command.AddParameter("@r1", lastReturnDay);
            var (activity, day, bucket, returned) = Returns(command, request, returns);
            // CROSS JOIN keeps the cohort as SQLite's outer loop: each member's returns are one primary-key range. Left to
            // itself, without statistics on the rollup, SQLite drives from the rollup and probes users instead.
            command.CommandText = $"""
                SELECT c.b, {bucket} AS rb, {returned}
                FROM ({cohort}) c CROSS JOIN {activity} AND {day} >= c.b AND {day} <= @r1
                GROUP BY c.b, rb
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                retained[(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture))] = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            }
        }

        return cohorts.Starts.Select(start =>
        {
            var first = returns.IndexOf(start);
            var periods = Enumerable.Range(0, request.Periods)
                .Where(k => first + k < returns.Starts.Count && returns.Starts[first + k] <= today)
                .Select(k => retained.GetValueOrDefault((start, returns.Starts[first + k])))
                .ToList();
            return new RetentionCohort(AnalyticsDays.DateOf(start), sizes.GetValueOrDefault(start), periods);
        }).ToList();
    }

    private static int Next(Interval interval, int start, int periods)
    {
        for (var i = 0; i < periods; i++)
        {
            start = Buckets.Next(interval, start);
        }

        return start;
    }

    /// <summary>
    /// Where a cohort member's returns are read, the day column of a row and the first day of its return bucket, and
    /// how members are counted. Any event: one row per member and bucket in a rollup (<c>activity_days</c> for days,
    /// <c>activity_periods</c> for weeks and months), so rows are counted. A named event: its daily rows in
    /// <c>event_counts</c>, several per bucket, so members are counted once each.
    /// </summary>
    private static (string Activity, string Day, string Bucket, string Returned) Returns(System.Data.Common.DbCommand command, RetentionRequest request, Buckets returns)
    {
        const string member = "a.workspace_id = @w AND a.subject_hash = c.subject_hash";
        if (request.ReturnEvent is not null)
        {
            command.AddParameter("@re", request.ReturnEvent);
            return ($"event_counts a WHERE {member} AND a.name = @re", "a.day", returns.Sql("a.day", command), "COUNT(DISTINCT c.subject_hash)");
        }

        if (request.Interval == Interval.Day)
        {
            return ($"activity_days a WHERE {member}", "a.day", "a.day", "COUNT(*)");
        }

        command.AddParameter("@p", ActivityPeriods.Of(request.Interval));
        return ($"activity_periods a WHERE {member} AND a.period = @p", "a.start_day", "a.start_day", "COUNT(*)");
    }

    /// <summary>The cohort members as (subject_hash, b): b the first day of their cohort's bucket.</summary>
    private string Cohort(System.Data.Common.DbCommand command, long workspaceId, RetentionRequest request, Buckets buckets)
    {
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@d0", request.Range.FromDay);
        command.AddParameter("@d1", request.Range.ToDay);
        var now = clock.GetUtcNow();
        if (request.CohortEvent is null)
        {
            command.AddParameter("@t0", request.Range.StartMs);
            command.AddParameter("@t1", request.Range.EndMs);
            var day = "(created_at / " + AnalyticsDays.DayMilliseconds.ToString(CultureInfo.InvariantCulture) + ")";
            return $"SELECT subject_hash, {buckets.Sql(day, command)} AS b FROM users WHERE workspace_id = @w AND created_at >= @t0 AND created_at <= @t1"
                + request.Audience.Filter("subject_hash", command, database.Provider, now);
        }

        command.AddParameter("@ce", request.CohortEvent);
        return $"SELECT subject_hash, {buckets.Sql("MIN(day)", command)} AS b FROM event_counts WHERE workspace_id = @w AND name = @ce"
            + request.Audience.Filter("subject_hash", command, database.Provider, now)
            + " GROUP BY subject_hash HAVING MIN(day) >= @d0 AND MIN(day) <= @d1";
    }
}
