using System.Globalization;
using Waymark.Storage;

namespace Waymark.Analytics.Queries;

internal sealed record ExperienceResult(string ContentId, string Kind, string Name, long Views, long Completions, long Dismissals);

/// <summary>
/// Per flow, checklist and survey: the distinct users who were shown it, completed it, or dismissed it without
/// completing it, within the range. <c>content_progress</c> holds one row per user with no dates, so a range needs the
/// progress events themselves: the SDK's <c>$…</c> events, read through the ingest index on (workspace, type, name,
/// timestamp), their <c>$content_id</c> being a reserved public key.
/// </summary>
internal sealed class ExperienceResultsQuery(WaymarkDatabase database)
{
    private static readonly string[] Shown = ["$flow_started", "$checklist_shown", "$survey_shown"];
    private static readonly string[] Completed = ["$flow_completed", "$checklist_completed", "$survey_completed"];
    private static readonly string[] Dismissed = ["$flow_dismissed", "$checklist_dismissed", "$survey_dismissed"];

    public async Task<IReadOnlyList<ExperienceResult>> RunAsync(long workspaceId, QueryRange range, Audience audience, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var counts = new Dictionary<string, (long Views, long Completions, long Dismissals)>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@t0", range.StartMs);
            command.AddParameter("@t1", range.EndMs);
            var shown = command.AddInList("sh", Shown);
            var completed = command.AddInList("co", Completed);
            var dismissed = command.AddInList("di", Dismissed);
            var all = command.AddInList("al", [.. Shown, .. Completed, .. Dismissed]);
            var contentId = PropertySql.Text("$content_id", command, database.Provider);
            command.CommandText = $"""
                SELECT content_id, SUM(shown), SUM(completed), SUM(CASE WHEN dismissed = 1 AND completed = 0 THEN 1 ELSE 0 END) FROM (
                  SELECT content_id, subject_hash,
                    MAX(CASE WHEN name IN ({shown}) THEN 1 ELSE 0 END) AS shown,
                    MAX(CASE WHEN name IN ({completed}) THEN 1 ELSE 0 END) AS completed,
                    MAX(CASE WHEN name IN ({dismissed}) THEN 1 ELSE 0 END) AS dismissed
                  FROM (SELECT {contentId} AS content_id, subject_hash, name FROM events
                        WHERE workspace_id = @w AND {TrackEvents.Filter} AND name IN ({all}) AND timestamp >= @t0 AND timestamp <= @t1{audience.Filter("subject_hash", command, database.Provider, now)}) e
                  GROUP BY content_id, subject_hash) p
                WHERE content_id IS NOT NULL
                GROUP BY content_id
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[reader.GetString(0)] = (Long(reader.GetValue(1)), Long(reader.GetValue(2)), Long(reader.GetValue(3)));
            }
        }

        var results = new List<ExperienceResult>();
        await using (var command = connection.CreateCommand())
        {
            command.AddParameter("@w", workspaceId);
            command.CommandText = "SELECT id, name FROM content_items WHERE workspace_id = @w";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetString(0);
                if (KindOf(id) is { } kind)
                {
                    var (views, completions, dismissals) = counts.GetValueOrDefault(id);
                    results.Add(new ExperienceResult(id, kind, reader.GetString(1), views, completions, dismissals));
                }
            }
        }

        return results.OrderBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.ContentId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The kind by id prefix, as the experiences library names its content ids.</summary>
    private static string? KindOf(string id) =>
        id.StartsWith("flw_", StringComparison.Ordinal) ? "flow"
        : id.StartsWith("chk_", StringComparison.Ordinal) ? "checklist"
        : id.StartsWith("srv_", StringComparison.Ordinal) ? "survey"
        : null;

    private static long Long(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
