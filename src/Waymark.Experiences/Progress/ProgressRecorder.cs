using System.Data.Common;
using System.Text.Json;
using Waymark.Experiences.Definitions;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Experiences.Progress;

/// <summary>
/// Folds progress events into <c>content_progress</c> inside the ingest writer's transaction: the event and the state
/// it implies commit together, so the content decision never disagrees with the event log.
/// </summary>
internal sealed class ProgressRecorder : IStoredEventsObserver
{
    private const string Upsert = """
        INSERT INTO content_progress (workspace_id, subject_hash, content_id, version, times_shown, max_step, first_seen_at, last_seen_at, completed_at, dismissed_at)
        VALUES (@w, @s, @c, @v, @shown, @step, @t, @t, @done, @dismissed)
        ON CONFLICT (workspace_id, subject_hash, content_id) DO UPDATE SET
          version = CASE WHEN excluded.version > content_progress.version THEN excluded.version ELSE content_progress.version END,
          times_shown = content_progress.times_shown + excluded.times_shown,
          max_step = CASE WHEN excluded.max_step > content_progress.max_step THEN excluded.max_step ELSE content_progress.max_step END,
          first_seen_at = CASE WHEN excluded.first_seen_at < content_progress.first_seen_at THEN excluded.first_seen_at ELSE content_progress.first_seen_at END,
          last_seen_at = CASE WHEN excluded.last_seen_at > content_progress.last_seen_at THEN excluded.last_seen_at ELSE content_progress.last_seen_at END,
          completed_at = COALESCE(content_progress.completed_at, excluded.completed_at),
          dismissed_at = CASE WHEN excluded.dismissed_at IS NULL THEN content_progress.dismissed_at
                              WHEN content_progress.dismissed_at IS NULL OR excluded.dismissed_at > content_progress.dismissed_at THEN excluded.dismissed_at
                              ELSE content_progress.dismissed_at END
        """;

    private static readonly string[] Parameters = ["@w", "@s", "@c", "@v", "@shown", "@step", "@t", "@done", "@dismissed"];

    public async Task ApplyAsync(DbTransaction transaction, DatabaseProvider provider, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        List<(StoredEvent Event, string ContentId, int Version, int Step)>? progress = null;
        foreach (var e in events)
        {
            if (ProgressEvents.IsProgress(e.Name) && Read(e) is { } read)
            {
                (progress ??= []).Add((e, read.ContentId, read.Version, read.Step));
            }
        }

        if (progress is null)
        {
            return;
        }

        // One global order of rows, so that concurrent PostgreSQL writers cannot deadlock on them.
        var rows = progress
            .OrderBy(p => p.Event.WorkspaceId).ThenBy(p => Convert.ToHexString(p.Event.SubjectHash), StringComparer.Ordinal).ThenBy(p => p.ContentId, StringComparer.Ordinal)
            .Select(p => new object[]
            {
                p.Event.WorkspaceId,
                p.Event.SubjectHash,
                p.ContentId,
                p.Version,
                p.Event.Name is ProgressEvents.FlowStarted or ProgressEvents.ChecklistShown or ProgressEvents.SurveyShown ? 1 : 0,
                p.Step,
                p.Event.Timestamp,
                p.Event.Name is ProgressEvents.FlowCompleted or ProgressEvents.SurveyCompleted ? p.Event.Timestamp : DBNull.Value,
                p.Event.Name is ProgressEvents.FlowDismissed or ProgressEvents.ChecklistDismissed or ProgressEvents.SurveyDismissed ? p.Event.Timestamp : DBNull.Value,
            });
        await RollupStatement.RunAsync(transaction, Upsert, Parameters, rows, cancellationToken);
    }

    /// <summary>The content id, version and step of a progress event; null when the event does not name real-looking content.</summary>
    private static (string ContentId, int Version, int Step)? Read(StoredEvent e)
    {
        if (e.PublicData is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(e.PublicData);
            if (!document.RootElement.TryGetProperty(StoredEvent.PropertiesField, out var properties)
                || !properties.TryGetProperty(ProgressEvents.ContentId, out var id)
                || id.ValueKind != JsonValueKind.String
                || id.GetString() is not { Length: <= 40 } contentId
                || ContentKinds.OfId(contentId) is null)
            {
                return null;
            }

            return (contentId, Integer(properties, ProgressEvents.ContentVersion), Integer(properties, ProgressEvents.Step));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static int Integer(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n is >= 0 and <= 10_000 ? n : 0;
}
