using System.Text.Json.Serialization;

namespace Waymark.Analytics.Http;

internal sealed record TrendPointResponse(
    [property: JsonPropertyName("date")] DateOnly Date,
    [property: JsonPropertyName("value")] long Value);

internal sealed record TrendSeriesResponse(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("breakdown_value")] string? BreakdownValue,
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("points")] IReadOnlyList<TrendPointResponse> Points);

internal sealed record TrendsResponse(
    [property: JsonPropertyName("from")] DateOnly From,
    [property: JsonPropertyName("to")] DateOnly To,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("measure")] string Measure,
    [property: JsonPropertyName("breakdown")] string? Breakdown,
    [property: JsonPropertyName("series")] IReadOnlyList<TrendSeriesResponse> Series);

internal sealed record FunnelStepResponse(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("users")] long Users,
    [property: JsonPropertyName("conversion")] double Conversion,
    [property: JsonPropertyName("from_previous")] double FromPrevious,
    [property: JsonPropertyName("dropped")] long Dropped);

internal sealed record FunnelResponse(
    [property: JsonPropertyName("from")] DateOnly From,
    [property: JsonPropertyName("to")] DateOnly To,
    [property: JsonPropertyName("window_days")] int WindowDays,
    [property: JsonPropertyName("steps")] IReadOnlyList<FunnelStepResponse> Steps);

internal sealed record RetentionCohortResponse(
    [property: JsonPropertyName("start")] DateOnly Start,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("retained")] IReadOnlyList<long> Retained);

internal sealed record RetentionResponse(
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("cohort")] string Cohort,
    [property: JsonPropertyName("return_event")] string? ReturnEvent,
    [property: JsonPropertyName("cohorts")] IReadOnlyList<RetentionCohortResponse> Cohorts);

internal sealed record ExperienceResultResponse(
    [property: JsonPropertyName("content_id")] string ContentId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("views")] long Views,
    [property: JsonPropertyName("completions")] long Completions,
    [property: JsonPropertyName("dismissals")] long Dismissals,
    [property: JsonPropertyName("completion_rate")] double CompletionRate);

internal sealed record ExperienceResultsResponse(
    [property: JsonPropertyName("from")] DateOnly From,
    [property: JsonPropertyName("to")] DateOnly To,
    [property: JsonPropertyName("experiences")] IReadOnlyList<ExperienceResultResponse> Experiences);
