using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Experiences.Progress;
using Waymark.Ingest.Calls;
using Waymark.Ingest.Reading;
using Waymark.Storage;

namespace Waymark.Experiences.Surveys;

/// <summary>
/// Reads the free text of a text question back from the sealed event rows, newest first: <c>survey_answers</c> says
/// which rows (and pages them), one query fetches the page's event rows, and each is opened with its subject's key
/// through <see cref="SealedEventProperties"/>, the same code the read API uses; PHI text stays masked without
/// <c>phi:read</c>. Every read is audited before the answers leave, for the API and the dashboard alike: which
/// survey and question, how many answers, whether PHI was included; never the text.
/// </summary>
internal sealed class OpenAnswersReader(WaymarkDatabase database, KeyRing keyRing, IAuditLog audit)
{
    public async Task<SurveyAnswerPage> ReadAuditedAsync(HttpContext context, long workspaceId, string surveyId, string questionId, int limit, AnswerCursor? before, bool includePhi)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (page, disclosed) = await ReadAsync(workspaceId, surveyId, questionId, limit, before, includePhi, context.RequestAborted);
        var details = new Dictionary<string, string>
        {
            ["what"] = "survey_answers",
            ["question"] = questionId,
            ["results"] = page.Answers.Count.ToString(CultureInfo.InvariantCulture),
            ["phi"] = includePhi ? "included" : "withheld",
        };
        await audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.PersonalDataRead, AuditOutcome.Success, "survey", surveyId, details), context.RequestAborted);
        if (disclosed > 0)
        {
            var phi = new Dictionary<string, string> { ["what"] = "survey_answers", ["keys"] = SurveyEvents.AnswerText, ["results"] = disclosed.ToString(CultureInfo.InvariantCulture) };
            await audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.PhiRead, AuditOutcome.Success, "survey", surveyId, phi), context.RequestAborted);
        }

        return page;
    }

    private async Task<(SurveyAnswerPage Page, int PhiDisclosed)> ReadAsync(long workspaceId, string surveyId, string questionId, int limit, AnswerCursor? before, bool includePhi, CancellationToken cancellationToken)
    {
        var workspace = await keyRing.GetWorkspaceAsync(workspaceId, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = new List<(byte[] Subject, long AnsweredAt)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT subject_hash, answered_at FROM survey_answers
                WHERE workspace_id = @w AND content_id = @c AND question_id = @q
                {(before is null ? "" : "AND (answered_at < @t OR (answered_at = @t AND subject_hash < @s))")}
                ORDER BY answered_at DESC, subject_hash DESC LIMIT @limit
                """;
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@c", surveyId);
            command.AddParameter("@q", questionId);
            command.AddParameter("@limit", limit + 1);
            if (before is { } cursor)
            {
                command.AddParameter("@t", cursor.AnsweredAt);
                command.AddParameter("@s", cursor.Subject);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(((byte[])reader.GetValue(0), reader.GetInt64(1)));
            }
        }

        var more = rows.Count > limit;
        var page = more ? rows[..limit] : rows;
        var events = await LoadEventsAsync(connection, workspaceId, page, cancellationToken);
        var answers = new List<OpenAnswer>(page.Count);
        var disclosed = 0;
        foreach (var (subject, answeredAt) in page)
        {
            if (!events.TryGetValue((Convert.ToHexString(subject), answeredAt), out var candidates))
            {
                continue;
            }

            var key = await keyRing.FindSubjectKeyAsync(workspace, SubjectHash.FromBytes(subject), cancellationToken);
            if (key is null || Open(key, candidates, surveyId, questionId, includePhi) is not { } answer)
            {
                continue;
            }

            disclosed += answer.Phi && includePhi ? 1 : 0;
            answers.Add(new OpenAnswer(answer.UserId, DateTimeOffset.FromUnixTimeMilliseconds(answeredAt).UtcDateTime, answer.Phi && !includePhi ? null : answer.Text)
            {
                Redacted = answer.Phi && !includePhi ? "phi" : null,
            });
        }

        var next = more ? new AnswerCursor(page[^1].AnsweredAt, page[^1].Subject).Encode() : null;
        return (new SurveyAnswerPage(answers, next), disclosed);
    }

    /// <summary>
    /// The answer events of a whole page in one query, keyed by subject and time. Matching subjects and times as two
    /// lists may also bring an answer event of one listed subject at another listed time; the key drops it.
    /// </summary>
    private static async Task<Dictionary<(string Subject, long At), List<SealedRow>>> LoadEventsAsync(
        DbConnection connection, long workspaceId, List<(byte[] Subject, long AnsweredAt)> page, CancellationToken cancellationToken)
    {
        var events = new Dictionary<(string Subject, long At), List<SealedRow>>();
        if (page.Count == 0)
        {
            return events;
        }

        var wanted = page.Select(r => (Convert.ToHexString(r.Subject), r.AnsweredAt)).ToHashSet();
        await using var command = connection.CreateCommand();
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@type", (int)CallType.Track);
        command.AddParameter("@n", SurveyEvents.Answered);
        var subjects = command.AddInList("s", page.Select(r => r.Subject).DistinctBy(Convert.ToHexString).ToList());
        var times = command.AddInList("t", page.Select(r => r.AnsweredAt).Distinct().ToList());
        command.CommandText = $"""
            SELECT subject_hash, timestamp, public_data, sealed_data, sealed_phi FROM events
            WHERE workspace_id = @w AND type = @type AND name = @n AND timestamp IN ({times}) AND subject_hash IN ({subjects})
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = (Convert.ToHexString((byte[])reader.GetValue(0)), reader.GetInt64(1));
            if (!wanted.Contains(at))
            {
                continue;
            }

            if (!events.TryGetValue(at, out var rows))
            {
                events[at] = rows = [];
            }

            rows.Add(new SealedRow(reader.IsDBNull(2) ? null : reader.GetString(2), (byte[])reader.GetValue(3), reader.IsDBNull(4) ? null : (byte[])reader.GetValue(4)));
        }

        return events;
    }

    /// <summary>The text of the first of a subject's answer events at one time that answers this survey's question.</summary>
    private static (string? UserId, string? Text, bool Phi)? Open(SubjectKey key, List<SealedRow> candidates, string surveyId, string questionId, bool includePhi)
    {
        foreach (var row in candidates)
        {
            var phiKeys = new SortedSet<string>(StringComparer.Ordinal);
            var (properties, userId) = SealedEventProperties.Open(key, row.PublicData, row.SealedData, row.SealedPhi, includePhi, phiKeys);
            if (Text(properties, ProgressEvents.ContentId) != surveyId || Text(properties, SurveyEvents.QuestionId) != questionId)
            {
                continue;
            }

            return (userId, Text(properties, SurveyEvents.AnswerText), phiKeys.Contains(SurveyEvents.AnswerText));
        }

        return null;
    }

    private static string? Text(JsonObject properties, string name) =>
        properties[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private sealed record SealedRow(string? PublicData, byte[] SealedData, byte[]? SealedPhi);
}

/// <summary>Where the next page of answers starts: the last answer's time and subject, opaque to clients.</summary>
internal readonly record struct AnswerCursor(long AnsweredAt, byte[] Subject)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{AnsweredAt.ToString(CultureInfo.InvariantCulture)}.{Convert.ToHexStringLower(Subject)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out AnswerCursor? cursor)
    {
        cursor = null;
        if (text is null)
        {
            return true;
        }

        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var at) && parts[1].Length is > 0 and <= 128)
            {
                cursor = new AnswerCursor(at, Convert.FromHexString(parts[1]));
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
