using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Waymark.Analytics.Http;
using Waymark.Analytics.Queries;
using Waymark.Dashboard.Pages.Shared.Charts;

namespace Waymark.Dashboard.Pages.Analytics;

/// <summary>Cohorts by first seen or by a first event, and how many of them came back in each later period.</summary>
public sealed class RetentionModel : AnalyticsPageModel
{
    internal IReadOnlyList<RetentionCohort> Cohorts { get; private set; } = [];

    public int Periods { get; private set; } = 12;

    public string Cohort => QueryInput.Single(Query, "cohort") ?? "first_seen";

    public string? CohortEvent => QueryInput.Single(Query, "cohort_event");

    public string? ReturnEvent => QueryInput.Single(Query, "return_event");

    public string PeriodsText => QueryInput.Single(Query, "periods") ?? "12";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await PrepareAsync() is not { } input)
        {
            return Page();
        }

        var interval = QueryInput.Interval(Query, Interval.Week);
        var periods = QueryInput.Number(Query, "periods", 1, 26, 12);
        var cohortEvent = QueryInput.OptionalName(Query, "cohort_event");
        var returnEvent = QueryInput.OptionalName(Query, "return_event");
        if (Refused(interval.Refusal, periods.Refusal, cohortEvent.Refusal, returnEvent.Refusal) || Refused(CohortRefusal(Cohort, cohortEvent.Value)))
        {
            return Page();
        }

        Periods = periods.Value;
        var request = new RetentionRequest(cohortEvent.Value, returnEvent.Value, interval.Value, periods.Value, input.Range, input.Audience);
        Cohorts = await Service<RetentionQuery>().RunAsync(WorkspaceId, request, HttpContext.RequestAborted);
        if (CsvFile.IsRequested(Request))
        {
            return Download("retention.csv", AnalyticsCsv.Retention(RetentionResponse.Of(interval.Value, Cohort, returnEvent.Value, Cohorts)));
        }

        if (Cohorts.Count == 0)
        {
            return Page();
        }

        var longest = Cohorts.Max(c => c.Retained.Count);
        Chart = new ChartModel(
            "retention",
            ChartKind.Line,
            "Average retention by " + interval.Value.Name(),
            "Period",
            Enumerable.Range(0, longest).Select(k => k.ToString(CultureInfo.InvariantCulture)).ToList(),
            [new ChartSeries("Retained", Enumerable.Range(0, longest).Select(k => AverageRate(Cohorts, k)).ToList())],
            ChartFormat.Percent)
        {
            CsvHref = CsvFile.LinkFor(Request),
        };
        return Page();
    }

    /// <summary>The share retained in period <paramref name="k"/> over every cohort that has reached it, weighted by size; null when none has.</summary>
    internal static double? AverageRate(IReadOnlyList<RetentionCohort> cohorts, int k)
    {
        var reached = cohorts.Where(c => c.Retained.Count > k).ToList();
        var size = reached.Sum(c => c.Size);
        return reached.Count == 0 ? null : AnalyticsRatios.Of(reached.Sum(c => c.Retained[k]), size);
    }

    /// <summary>One of ten colour classes by the retained share's decile, so the table needs no inline style.</summary>
    public static string HeatClass(long retained, long size) =>
        "heat heat-" + (size == 0 ? 0 : Math.Min(9, (int)(10 * retained / size))).ToString(CultureInfo.InvariantCulture);

    public static string Rate(long retained, long size) =>
        size == 0 ? "—" : ((double)retained / size).ToString("0.#%", CultureInfo.InvariantCulture);

    /// <summary>The endpoint's rule: <c>cohort_event</c> goes with <c>cohort=event</c> and only with it.</summary>
    private static Waymark.Api.Refusal? CohortRefusal(string cohort, string? cohortEvent) => cohort switch
    {
        "first_seen" when cohortEvent is not null => QueryInput.Invalid("cohort_event applies to cohort=event only: send cohort=event with it, or leave it out."),
        "event" when cohortEvent is null => QueryInput.Invalid("cohort=event needs cohort_event, the event whose first time puts a user in a cohort."),
        "first_seen" or "event" => null,
        _ => QueryInput.Invalid("cohort is first_seen (when a user was first seen) or event (the first time they did cohort_event)."),
    };
}
