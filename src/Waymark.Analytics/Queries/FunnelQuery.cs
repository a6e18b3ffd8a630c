using Waymark.Analytics.Activity;
using Waymark.Storage;

namespace Waymark.Analytics.Queries;

internal sealed record FunnelRequest(IReadOnlyList<string> Steps, QueryRange Range, int WindowDays, Audience Audience);

internal sealed record FunnelStep(string Event, long Users);

/// <summary>
/// Ordered conversion through 2–8 steps. The database hands over only the (subject, name, time) of the track events of
/// the steps' names from the range's start to its end plus the window, read from the ingest index on (workspace, type,
/// name, timestamp, subject) alone, no event row fetched; each user's path is then walked here, where "the first later
/// event not already used by an earlier step" is simple to state.
/// </summary>
internal sealed class FunnelQuery(WaymarkDatabase database, TimeProvider clock)
{
    public async Task<IReadOnlyList<FunnelStep>> RunAsync(long workspaceId, FunnelRequest request, CancellationToken cancellationToken)
    {
        var names = request.Steps.Distinct(StringComparer.Ordinal).ToList();
        var windowMs = request.WindowDays * AnalyticsDays.DayMilliseconds;
        var paths = new Dictionary<byte[], List<(int Name, long At)>>(SubjectComparer.Instance);
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@t0", request.Range.StartMs);
            command.AddParameter("@t2", request.Range.EndMs + windowMs);
            var audience = request.Audience.Filter("subject_hash", command, database.Provider, clock.GetUtcNow());
            // No "AND subject_hash IN (users who entered)": SQLite then walks the subject index for every entered user
            // (measured: 6.7 s instead of 0.1 s on 3 million events); users who did not enter are skipped below.
            command.CommandText = $"""
                SELECT subject_hash, name, timestamp FROM events
                WHERE workspace_id = @w AND {TrackEvents.Filter} AND name IN ({command.AddInList("n", names)}) AND timestamp >= @t0 AND timestamp <= @t2{audience}
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var subject = (byte[])reader.GetValue(0);
                var name = names.IndexOf(reader.GetString(1));
                (paths.TryGetValue(subject, out var path) ? path : paths[subject] = []).Add((name, reader.GetInt64(2)));
            }
        }

        var stepNames = request.Steps.Select(s => names.IndexOf(s)).ToArray();
        var reached = new long[request.Steps.Count];
        foreach (var path in paths.Values)
        {
            var steps = Walk(path, stepNames, request.Range.EndMs, windowMs);
            for (var i = 0; i < steps; i++)
            {
                reached[i]++;
            }
        }

        return request.Steps.Select((s, i) => new FunnelStep(s, reached[i])).ToList();
    }

    /// <summary>
    /// How many steps one user reached. Entry is their first event of step 1 in the range; each next step is reached by
    /// the earliest event of its name at or after the time the previous step was reached, no later than entry plus the
    /// window, and not an event that already reached an earlier step (so A → A needs two A events; ties in time count).
    /// </summary>
    internal static int Walk(List<(int Name, long At)> path, int[] steps, long entryEndMs, long windowMs)
    {
        path.Sort((a, b) => a.At.CompareTo(b.At));
        var used = new bool[path.Count];
        var entry = path.FindIndex(e => e.Name == steps[0]);
        if (entry < 0 || path[entry].At > entryEndMs)
        {
            return 0;
        }

        used[entry] = true;
        var deadline = path[entry].At + windowMs;
        var at = path[entry].At;
        var reached = 1;
        for (var k = 1; k < steps.Length; k++)
        {
            var next = -1;
            for (var i = 0; i < path.Count && path[i].At <= deadline; i++)
            {
                if (!used[i] && path[i].Name == steps[k] && path[i].At >= at)
                {
                    next = i;
                    break;
                }
            }

            if (next < 0)
            {
                break;
            }

            used[next] = true;
            at = path[next].At;
            reached++;
        }

        return reached;
    }
}
