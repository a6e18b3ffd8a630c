using System.Data.Common;
using System.Globalization;
using Waymark.Analytics.Activity;
using Waymark.Storage;

namespace Waymark.Analytics.Queries;

internal sealed record TrendRequest(IReadOnlyList<string> Events, QueryRange Range, Interval Interval, bool DistinctUsers, string? Breakdown, Audience Audience);

internal sealed record TrendSeries(string Event, string? BreakdownValue, long Total, IReadOnlyList<(DateOnly Date, long Value)> Points);

/// <summary>
/// Counts of events, or of distinct users, per bucket. Without a breakdown they come from <c>event_counts</c>, the
/// per-subject daily rollup the ingest writer keeps: a 30-day trend reads one row per user, name and day instead of
/// every event. A breakdown needs a property value, which only the event row holds: it reads the events of the range
/// through the ingest index on (workspace, type, name, timestamp, subject).
/// </summary>
internal sealed class TrendQuery(WaymarkDatabase database, TimeProvider clock)
{
    public const int MaxBreakdownValues = 10;

    public const string Other = "(other)";

    public const string None = "(none)";

    public async Task<IReadOnlyList<TrendSeries>> RunAsync(long workspaceId, TrendRequest request, CancellationToken cancellationToken)
    {
        var buckets = Buckets.Cover(request.Interval, request.Range.FromDay, request.Range.ToDay);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return request.Breakdown is null
            ? await FromCountsAsync(connection, workspaceId, request, buckets, cancellationToken)
            : await BrokenDownAsync(connection, workspaceId, request, buckets, cancellationToken);
    }

    private async Task<IReadOnlyList<TrendSeries>> FromCountsAsync(DbConnection connection, long workspaceId, TrendRequest request, Buckets buckets, CancellationToken cancellationToken)
    {
        var measure = request.DistinctUsers ? "COUNT(DISTINCT subject_hash)" : "SUM(count)";
        var points = new Dictionary<(string Event, int Bucket), long>();
        await using (var command = connection.CreateCommand())
        {
            var filter = CountsFilter(command, workspaceId, request);
            command.CommandText = $"SELECT name, {buckets.Sql("day", command)} AS b, {measure} FROM event_counts WHERE {filter} GROUP BY name, b";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                points[(reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture))] = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            }
        }

        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        if (request.DistinctUsers)
        {
            // A user active in two buckets is one user of the range: the total is its own count, not a sum.
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name, COUNT(DISTINCT subject_hash) FROM event_counts WHERE {CountsFilter(command, workspaceId, request)} GROUP BY name";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                totals[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        return request.Events.Select(e =>
        {
            var series = buckets.Starts.Select(b => (AnalyticsDays.DateOf(b), points.GetValueOrDefault((e, b)))).ToList();
            return new TrendSeries(e, null, request.DistinctUsers ? totals.GetValueOrDefault(e) : series.Sum(p => p.Item2), series);
        }).ToList();
    }

    private string CountsFilter(DbCommand command, long workspaceId, TrendRequest request)
    {
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@d0", request.Range.FromDay);
        command.AddParameter("@d1", request.Range.ToDay);
        return $"workspace_id = @w AND name IN ({command.AddInList("e", request.Events)}) AND day >= @d0 AND day <= @d1"
            + request.Audience.Filter("subject_hash", command, database.Provider, clock.GetUtcNow());
    }

    /// <summary>
    /// Two passes over the range's events: the first totals each value to find every event's top values, the second
    /// counts per bucket with the values outside the top folded into one, so "(other)" counts a user once however many
    /// of the other values they sent.
    /// </summary>
    private async Task<IReadOnlyList<TrendSeries>> BrokenDownAsync(DbConnection connection, long workspaceId, TrendRequest request, Buckets buckets, CancellationToken cancellationToken)
    {
        var measure = request.DistinctUsers ? "COUNT(DISTINCT subject_hash)" : "COUNT(*)";
        var valueTotals = new Dictionary<string, List<(string Value, long Total)>>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT name, v, {measure} FROM ({Rows(command, workspaceId, request)}) x WHERE v IS NOT NULL GROUP BY name, v";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                (valueTotals.TryGetValue(name, out var list) ? list : valueTotals[name] = []).Add((reader.GetString(1), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)));
            }
        }

        var top = request.Events.ToDictionary(
            e => e,
            e => valueTotals.GetValueOrDefault(e)?.OrderByDescending(v => v.Total).ThenBy(v => v.Value, StringComparer.Ordinal).Take(MaxBreakdownValues).Select(v => v.Value).ToList() ?? [],
            StringComparer.Ordinal);

        var points = new Dictionary<(string Event, string Value), Dictionary<int, long>>();
        var totals = new Dictionary<(string Event, string Value), long>();
        foreach (var perBucket in new[] { true, false })
        {
            await using var command = connection.CreateCommand();
            var folded = Folded(command, workspaceId, request, top);
            var bucket = perBucket ? buckets.Sql("(timestamp / " + AnalyticsDays.DayMilliseconds.ToString(CultureInfo.InvariantCulture) + ")", command) : "0";
            command.CommandText = $"SELECT name, b, top_value, kind, {measure} FROM (SELECT name, subject_hash, {bucket} AS b, CASE WHEN kind = 1 THEN v END AS top_value, kind FROM ({folded}) f) x GROUP BY name, b, top_value, kind";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var kind = Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture);
                var key = (reader.GetString(0), kind == 1 ? reader.GetString(2) : kind == 0 ? None : Other);
                var value = Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture);
                if (perBucket)
                {
                    (points.TryGetValue(key, out var map) ? map : points[key] = [])[Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture)] = value;
                }
                else
                {
                    totals[key] = value;
                }
            }
        }

        var series = new List<TrendSeries>();
        foreach (var e in request.Events)
        {
            foreach (var value in top[e].Append(Other).Append(None))
            {
                if (totals.TryGetValue((e, value), out var total))
                {
                    var map = points.GetValueOrDefault((e, value)) ?? [];
                    series.Add(new TrendSeries(e, value, total, buckets.Starts.Select(b => (AnalyticsDays.DateOf(b), map.GetValueOrDefault(b))).ToList()));
                }
            }
        }

        return series;
    }

    /// <summary>The range's track events of the requested names, each with its property value as <c>v</c>.</summary>
    private string Rows(DbCommand command, long workspaceId, TrendRequest request)
    {
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@t0", request.Range.StartMs);
        command.AddParameter("@t1", request.Range.EndMs);
        return $"SELECT name, subject_hash, timestamp, {PropertySql.Text(request.Breakdown!, command, database.Provider)} AS v FROM events"
            + $" WHERE workspace_id = @w AND {TrackEvents.Filter} AND name IN ({command.AddInList("e", request.Events)}) AND timestamp >= @t0 AND timestamp <= @t1"
            + request.Audience.Filter("subject_hash", command, database.Provider, clock.GetUtcNow());
    }

    /// <summary><see cref="Rows"/> with <c>kind</c>: 0 no value, 1 one of its event's top values, 2 any other value.</summary>
    private string Folded(DbCommand command, long workspaceId, TrendRequest request, Dictionary<string, List<string>> top)
    {
        var rows = Rows(command, workspaceId, request);
        var tops = new List<string>();
        var i = 0;
        foreach (var (e, values) in top)
        {
            if (values.Count > 0)
            {
                var prefix = "tv" + (i++).ToString(CultureInfo.InvariantCulture) + "_";
                tops.Add($"(name = {command.AddInList(prefix + "e", [e])} AND v IN ({command.AddInList(prefix, values)}))");
            }
        }

        var isTop = tops.Count == 0 ? "1 = 0" : string.Join(" OR ", tops);
        return $"SELECT name, subject_hash, timestamp, v, CASE WHEN v IS NULL THEN 0 WHEN {isTop} THEN 1 ELSE 2 END AS kind FROM ({rows}) r";
    }
}
