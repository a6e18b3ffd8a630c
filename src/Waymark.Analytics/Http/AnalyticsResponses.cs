using System.Text.Json.Serialization;
using Waymark.Analytics.Queries;

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
    [property: JsonPropertyName("series")] IReadOnlyList<TrendSeriesResponse> Series)
{
    public static TrendsResponse Of(QueryRange range, Interval interval, string measure, string? breakdown, IEnumerable<TrendSeries> series) =>
        new(range.From, range.To, interval.Name(), measure, breakdown, series.Select(s =>
            new TrendSeriesResponse(s.Event, s.BreakdownValue, s.Total, s.Points.Select(p => new TrendPointResponse(p.Date, p.Value)).ToList())).ToList());
}

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
    [property: JsonPropertyName("steps")] IReadOnlyList<FunnelStepResponse> Steps)
{
    /// <summary>Each step with its conversion from the first step and from the one before, and the users lost.</summary>
    public static FunnelResponse Of(QueryRange range, int windowDays, IReadOnlyList<FunnelStep> reached)
    {
        var entered = reached[0].Users;
        return new(range.From, range.To, windowDays, reached.Select((s, i) =>
        {
            var previous = i == 0 ? s.Users : reached[i - 1].Users;
            return new FunnelStepResponse(s.Event, s.Users, AnalyticsRatios.Of(s.Users, entered), AnalyticsRatios.Of(s.Users, previous), previous - s.Users);
        }).ToList());
    }
}

internal sealed record RetentionCohortResponse(
    [property: JsonPropertyName("start")] DateOnly Start,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("retained")] IReadOnlyList<long> Retained);

internal sealed record RetentionResponse(
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("cohort")] string Cohort,
    [property: JsonPropertyName("return_event")] string? ReturnEvent,
    [property: JsonPropertyName("cohorts")] IReadOnlyList<RetentionCohortResponse> Cohorts)
{
    public static RetentionResponse Of(Interval interval, string cohort, string? returnEvent, IEnumerable<RetentionCohort> cohorts) =>
        new(interval.Name(), cohort, returnEvent, cohorts.Select(c => new RetentionCohortResponse(c.Start, c.Size, c.Retained)).ToList());
}

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
    [property: JsonPropertyName("experiences")] IReadOnlyList<ExperienceResultResponse> Experiences)
{
    public static ExperienceResultsResponse Of(QueryRange range, IEnumerable<ExperienceResult> rows) =>
        new(range.From, range.To, rows.Select(r =>
            new ExperienceResultResponse(r.ContentId, r.Kind, r.Name, r.Views, r.Completions, r.Dismissals, AnalyticsRatios.Of(r.Completions, r.Views))).ToList());
}
