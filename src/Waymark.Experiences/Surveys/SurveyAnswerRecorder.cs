using System.Data.Common;
using System.Text.Json;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Progress;
using Waymark.Ingest.Writing;
using Waymark.Storage;

namespace Waymark.Experiences.Surveys;

/// <summary>
/// Folds <c>$survey_answered</c> events into <c>survey_answers</c> inside the ingest writer's transaction, so results
/// are counted from small rows of public values and the answer commits, or rolls back, with its event. It sees only
/// public values: free text never reaches this table.
/// </summary>
internal sealed class SurveyAnswerRecorder : IStoredEventsObserver
{
    private const int MaxChoices = 10;

    private const string Insert = """
        INSERT INTO survey_answers (workspace_id, content_id, question_id, subject_hash, answered_at, version, score, choices)
        VALUES (@w, @c, @q, @s, @t, @v, @score, @choices)
        ON CONFLICT (workspace_id, content_id, question_id, subject_hash, answered_at) DO NOTHING
        """;

    private static readonly string[] Parameters = ["@w", "@c", "@q", "@s", "@t", "@v", "@score", "@choices"];

    public async Task ApplyAsync(DbTransaction transaction, DatabaseProvider provider, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        List<(StoredEvent Event, Answer Answer)>? answers = null;
        foreach (var e in events)
        {
            if (e.Name == SurveyEvents.Answered && Read(e) is { } answer)
            {
                (answers ??= []).Add((e, answer));
            }
        }

        if (answers is null)
        {
            return;
        }

        // One global order of rows, so that concurrent PostgreSQL writers cannot deadlock on them.
        var rows = answers
            .OrderBy(a => a.Event.WorkspaceId).ThenBy(a => a.Answer.ContentId, StringComparer.Ordinal)
            .ThenBy(a => a.Answer.QuestionId, StringComparer.Ordinal).ThenBy(a => Convert.ToHexString(a.Event.SubjectHash), StringComparer.Ordinal)
            .Select(a => new object[]
            {
                a.Event.WorkspaceId,
                a.Answer.ContentId,
                a.Answer.QuestionId,
                a.Event.SubjectHash,
                a.Event.Timestamp,
                a.Answer.Version,
                a.Answer.Score is { } n ? n : DBNull.Value,
                a.Answer.Choices is { } chosen ? JsonSerializer.Serialize(chosen) : DBNull.Value,
            });
        await RollupStatement.RunAsync(transaction, Insert, Parameters, rows, cancellationToken);
    }

    /// <summary>The answer an event carries; null when it does not name a real-looking survey and question.</summary>
    private static Answer? Read(StoredEvent e)
    {
        if (e.PublicData is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(e.PublicData);
            if (!document.RootElement.TryGetProperty(StoredEvent.PropertiesField, out var properties)
                || Text(properties, ProgressEvents.ContentId) is not { Length: <= 40 } contentId
                || ContentKinds.OfId(contentId) != ContentKind.Survey
                || Text(properties, SurveyEvents.QuestionId) is not { Length: >= 1 and <= 32 } questionId)
            {
                return null;
            }

            var version = properties.TryGetProperty(ProgressEvents.ContentVersion, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n is >= 0 and <= 10_000 ? n : 0;
            int? score = properties.TryGetProperty(SurveyEvents.Score, out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var points) && points is >= 0 and <= 10 ? points : null;
            List<string>? choices = null;
            if (properties.TryGetProperty(SurveyEvents.Choices, out var array) && array.ValueKind == JsonValueKind.Array && array.GetArrayLength() <= MaxChoices)
            {
                choices = [.. array.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).Where(x => x.Length is >= 1 and <= 32).Distinct(StringComparer.Ordinal)];
            }

            return new Answer(contentId, questionId, version, score, choices);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record Answer(string ContentId, string QuestionId, int Version, int? Score, List<string>? Choices);
}
