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
/// every event. A breakdown needs a property value, which only the event row holds: it reads the events of the range,
/// once, through the ingest index on (workspace, type, name, timestamp, subject).
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

        // Distinct users are counted by the database even though that reads the rows twice (gathering the subjects here
        // in one pass took more than twice as long on 10 million events): a user active in two buckets is one user of
        // the range, so the total is its own count, not a sum.
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        if (request.DistinctUsers)
        {
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
    /// One pass over the range's events, each with its property value; the top values of each event are chosen from
    /// the same tally, and the values outside them are folded into one, so "(other)" counts a user once however many
    /// of the other values they sent.
    /// </summary>
    private async Task<IReadOnlyList<TrendSeries>> BrokenDownAsync(DbConnection connection, long workspaceId, TrendRequest request, Buckets buckets, CancellationToken cancellationToken)
    {
        var tally = new Tally<(string Event, int Bucket, string? Value)>(request.DistinctUsers);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = Rows(command, workspaceId, request);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var bucket = Buckets.StartOf(request.Interval, AnalyticsDays.Of(reader.GetInt64(2)));
                tally.Add((reader.GetString(0), bucket, reader.IsDBNull(3) ? null : reader.GetString(3)), (byte[])reader.GetValue(1), 1);
            }
        }

        var series = new List<TrendSeries>();
        foreach (var e in request.Events)
        {
            var values = tally.Keys.Where(k => k.Event == e && k.Value is not null).Select(k => k.Value!).Distinct(StringComparer.Ordinal).ToList();
            var top = values
                .Select(v => (Value: v, Total: tally.Of(buckets.Starts.Select(b => (e, b, (string?)v)))))
                .OrderByDescending(v => v.Total).ThenBy(v => v.Value, StringComparer.Ordinal).Take(MaxBreakdownValues).Select(v => v.Value).ToList();
            var others = values.Except(top, StringComparer.Ordinal).ToList();
            var groups = top.Select(v => (Name: v, Values: new List<string?> { v }))
                .Append((Name: Other, Values: others.Cast<string?>().ToList()))
                .Append((Name: None, Values: [null]));
            foreach (var (name, folded) in groups)
            {
                var total = tally.Of(buckets.Starts.SelectMany(b => folded.Select(v => (e, b, v))));
                if (total > 0)
                {
                    var points = buckets.Starts.Select(b => (AnalyticsDays.DateOf(b), tally.Of(folded.Select(v => (e, b, v))))).ToList();
                    series.Add(new TrendSeries(e, name, total, points));
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
}
