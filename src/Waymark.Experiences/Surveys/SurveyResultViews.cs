using System.Text.Json.Serialization;

namespace Waymark.Experiences.Surveys;

/// <summary>The answer of <c>GET /v1/surveys/{id}/results</c>.</summary>
internal sealed record SurveyResults(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("segment")] string? Segment,
    [property: JsonPropertyName("responses")] int Responses,
    [property: JsonPropertyName("questions")] IReadOnlyList<QuestionResults> Questions);

/// <summary>One question's results; only the members that apply to its type are written.</summary>
internal sealed record QuestionResults(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("answers")] int Answers)
{
    [JsonPropertyName("nps")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public NpsSummary? Nps { get; init; }

    /// <summary>The mean rating, to two decimals; rating questions with answers only.</summary>
    [JsonPropertyName("average")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Average { get; init; }

    [JsonPropertyName("distribution")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<DistributionPoint>? Distribution { get; init; }

    [JsonPropertyName("over_time")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NpsPoint>? OverTime { get; init; }
}

internal sealed record NpsSummary(
    [property: JsonPropertyName("score")] int? Score,
    [property: JsonPropertyName("promoters")] int Promoters,
    [property: JsonPropertyName("passives")] int Passives,
    [property: JsonPropertyName("detractors")] int Detractors)
{
    /// <summary>round(100 × (promoters − detractors) / answers), null without answers; 9–10 promote, 0–6 detract.</summary>
    public static NpsSummary Of(IEnumerable<int> scores)
    {
        int promoters = 0, passives = 0, detractors = 0;
        foreach (var score in scores)
        {
            _ = score >= 9 ? promoters++ : score >= 7 ? passives++ : detractors++;
        }

        var answers = promoters + passives + detractors;
        int? nps = answers == 0 ? null : (int)Math.Round(100.0 * (promoters - detractors) / answers, MidpointRounding.AwayFromZero);
        return new NpsSummary(nps, promoters, passives, detractors);
    }
}

internal sealed record NpsPoint(
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("answers")] int Answers,
    [property: JsonPropertyName("score")] int? Score,
    [property: JsonPropertyName("promoters")] int Promoters,
    [property: JsonPropertyName("passives")] int Passives,
    [property: JsonPropertyName("detractors")] int Detractors);

internal sealed record DistributionPoint(
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("label")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label,
    [property: JsonPropertyName("count")] int Count);

/// <summary>The answer of <c>GET /v1/surveys/{id}/answers</c>: open-text answers, newest first.</summary>
internal sealed record SurveyAnswerPage(
    [property: JsonPropertyName("answers")] IReadOnlyList<OpenAnswer> Answers,
    [property: JsonPropertyName("next")] string? Next);

internal sealed record OpenAnswer(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("answered_at")] DateTime AnsweredAt,
    [property: JsonPropertyName("text")] string? Text)
{
    /// <summary><c>phi</c> when the text is PHI and the caller lacks <c>phi:read</c>.</summary>
    [JsonPropertyName("redacted")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Redacted { get; init; }
}
