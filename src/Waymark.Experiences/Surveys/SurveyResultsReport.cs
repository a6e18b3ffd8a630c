using System.Data.Common;
using System.Text.Json;
using Waymark.Api;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;
using Waymark.Segments.Catalog;
using Waymark.Segments.Sql;
using Waymark.Storage;

namespace Waymark.Experiences.Surveys;

/// <summary>
/// Counts a survey's answers from <c>survey_answers</c> (public values only: nothing is unsealed to answer it), for
/// the questions of its current definition, optionally only for users currently in a segment.
/// </summary>
internal sealed class SurveyResultsReport(WaymarkDatabase database, ContentStore store, SegmentCatalog segments, TimeProvider clock)
{
    public async Task<Outcome<SurveyResults>> ForAsync(long workspaceId, string surveyId, ResultsRange range, string? segmentId, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(workspaceId, surveyId, null, cancellationToken) is not { } detail)
        {
            return Refusal.NotFound("Survey");
        }

        var survey = detail.Definition.Deserialize<SurveyDefinition>(DefinitionReader.Json)!;
        var rows = await ReadAsync(workspaceId, surveyId, range, segmentId, cancellationToken);
        if (rows.Refusal is { } refusal)
        {
            return refusal;
        }

        var answers = rows.Value!;
        var questions = survey.Questions.Select(q => Summarise(q, answers.Where(a => a.QuestionId == q.Id).ToList(), range)).ToList();
        var known = survey.Questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var responses = answers.Where(a => known.Contains(a.QuestionId)).Select(a => Convert.ToHexString(a.Subject)).Distinct(StringComparer.Ordinal).Count();
        return new SurveyResults(surveyId, ResultsRange.Format(range.From), ResultsRange.Format(range.To), range.Interval, segmentId, responses, questions);
    }

    private static QuestionResults Summarise(SurveyQuestion question, List<StoredAnswer> answers, ResultsRange range)
    {
        var result = new QuestionResults(question.Id, question.Type, question.Prompt, 0);
        if (question.IsScored)
        {
            // A score outside the question's scale (an older version, a hand-made event) is not counted.
            var (min, max) = question.ScoreRange;
            var scored = answers.Where(a => a.Score is { } s && s >= min && s <= max).ToList();
            var distribution = Enumerable.Range(min, max - min + 1)
                .Select(v => new DistributionPoint(v.ToString(System.Globalization.CultureInfo.InvariantCulture), null, scored.Count(a => a.Score == v))).ToList();
            if (question.Type == SurveyQuestion.Rating)
            {
                return result with
                {
                    Answers = scored.Count,
                    Average = scored.Count == 0 ? null : Math.Round(scored.Average(a => a.Score!.Value), 2, MidpointRounding.AwayFromZero),
                    Distribution = distribution,
                };
            }

            var byBucket = scored.GroupBy(a => range.BucketOf(a.AnsweredAt)).ToDictionary(g => g.Key, g => g.Select(a => a.Score!.Value).ToList());
            var overTime = range.Buckets().Select(bucket =>
            {
                var summary = NpsSummary.Of(byBucket.GetValueOrDefault(bucket) ?? []);
                return new NpsPoint(ResultsRange.Format(bucket), summary.Promoters + summary.Passives + summary.Detractors, summary.Score, summary.Promoters, summary.Passives, summary.Detractors);
            }).ToList();
            return result with { Answers = scored.Count, Nps = NpsSummary.Of(scored.Select(a => a.Score!.Value)), Distribution = distribution, OverTime = overTime };
        }

        if (question.IsChoice)
        {
            var options = question.Options!;
            var chosen = answers.Where(a => a.Choices is { Count: > 0 } c && c.Any(id => options.Any(o => o.Id == id))).ToList();
            var distribution = options.Select(o => new DistributionPoint(o.Id, o.Label, chosen.Count(a => a.Choices!.Contains(o.Id)))).ToList();
            return result with { Answers = chosen.Count, Distribution = distribution };
        }

        return result with { Answers = answers.Count };
    }

    private async Task<Outcome<List<StoredAnswer>>> ReadAsync(long workspaceId, string surveyId, ResultsRange range, string? segmentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@c", surveyId);
        command.AddParameter("@from", range.StartMs);
        command.AddParameter("@to", range.EndMs);
        var sql = "SELECT question_id, subject_hash, answered_at, score, choices FROM survey_answers WHERE workspace_id = @w AND content_id = @c AND answered_at >= @from AND answered_at < @to";
        if (segmentId is not null)
        {
            var segment = await segments.FindAsync(workspaceId, segmentId, cancellationToken);
            if (segment is null)
            {
                return Refusal.NotFound("Segment");
            }

            if (segment.Rule is not { } rule)
            {
                return Refusal.Invalid("unusable-segment", "Segment matches nobody", segment.Problem?.Detail ?? "This segment's rules no longer hold under the workspace's data classes; edit the segment.");
            }

            sql += $" AND subject_hash IN (SELECT u.subject_hash FROM users u WHERE u.workspace_id = @w AND {SegmentSql.Where(rule, database.Provider, command, clock.GetUtcNow(), "@w")})";
        }

        command.CommandText = sql;
        var answers = new List<StoredAnswer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            answers.Add(new StoredAnswer(
                reader.GetString(0),
                (byte[])reader.GetValue(1),
                reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : Choices(reader)));
        }

        return answers;
    }

    private static List<string>? Choices(DbDataReader reader)
    {
        try
        {
            return JsonSerializer.Deserialize<List<string>>(reader.GetString(4));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record StoredAnswer(string QuestionId, byte[] Subject, long AnsweredAt, int? Score, List<string>? Choices);
}
