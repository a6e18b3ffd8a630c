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

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Upsert;
        var w = command.AddParameter("@w", 0L);
        var s = command.AddParameter("@s", Array.Empty<byte>());
        var c = command.AddParameter("@c", "");
        var v = command.AddParameter("@v", 0);
        var shown = command.AddParameter("@shown", 0);
        var step = command.AddParameter("@step", 0);
        var t = command.AddParameter("@t", 0L);
        var done = command.AddParameter("@done", 0L);
        var dismissed = command.AddParameter("@dismissed", 0L);
        // One global order of rows, so that concurrent PostgreSQL writers cannot deadlock on them.
        foreach (var (e, contentId, version, stepIndex) in progress.OrderBy(p => p.Event.WorkspaceId).ThenBy(p => Convert.ToHexString(p.Event.SubjectHash), StringComparer.Ordinal).ThenBy(p => p.ContentId, StringComparer.Ordinal))
        {
            w.Value = e.WorkspaceId;
            s.Value = e.SubjectHash;
            c.Value = contentId;
            v.Value = version;
            shown.Value = e.Name is ProgressEvents.FlowStarted or ProgressEvents.ChecklistShown or ProgressEvents.SurveyShown ? 1 : 0;
            step.Value = stepIndex;
            t.Value = e.Timestamp;
            done.Value = e.Name is ProgressEvents.FlowCompleted or ProgressEvents.SurveyCompleted ? e.Timestamp : DBNull.Value;
            dismissed.Value = e.Name is ProgressEvents.FlowDismissed or ProgressEvents.ChecklistDismissed or ProgressEvents.SurveyDismissed ? e.Timestamp : DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
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
