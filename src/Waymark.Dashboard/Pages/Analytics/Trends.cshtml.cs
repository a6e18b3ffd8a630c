using Microsoft.AspNetCore.Mvc;
using Waymark.Analytics.Http;
using Waymark.Analytics.Queries;
using Waymark.Dashboard.Pages.Shared.Charts;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Dashboard.Pages.Analytics;

/// <summary>Events, or distinct users, per day, week or month, for up to three events, optionally broken down by a public key.</summary>
public sealed class TrendsModel : AnalyticsPageModel
{
    public const int EventSlots = 3;

    public IReadOnlyList<string> Events { get; private set; } = [];

    /// <summary>The keys a breakdown may use: the public ones only, since analytics never decrypts a value.</summary>
    public IReadOnlyList<string> PublicKeys { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var prepared = await PrepareAsync();
        var classes = await Service<DataClassStore>().GetAsync(WorkspaceId, HttpContext.RequestAborted);
        PublicKeys = classes.Explicit.Where(k => k.Value == DataClass.Public).Select(k => k.Key)
            .Concat(DataClassMap.ReservedPublicKeys)
            .Order(StringComparer.Ordinal)
            .ToList();
        Events = [.. Query["event"].Select(e => e ?? "")];
        if (prepared is not { } input || Events.Count == 0)
        {
            return Page();
        }

        var events = QueryInput.Names(Query, "event", 1, EventSlots, distinct: true);
        var interval = QueryInput.Interval(Query, Interval.Day);
        var measure = QueryInput.Single(Query, "measure") ?? "count";
        var breakdown = QueryInput.Single(Query, "breakdown");
        if (Refused(events.Refusal, interval.Refusal)
            || Refused(measure is "count" or "users" ? null : QueryInput.Invalid("measure is count (events) or users (distinct users)."))
            || Refused(breakdown is null ? null : QueryInput.BreakdownRefusal(classes.Classify(breakdown))))
        {
            return Page();
        }

        var request = new TrendRequest(events.Value!, input.Range, interval.Value, measure == "users", breakdown, input.Audience);
        var series = await Service<TrendQuery>().RunAsync(WorkspaceId, request, HttpContext.RequestAborted);
        if (CsvFile.IsRequested(Request))
        {
            return Download("trends.csv", AnalyticsCsv.Trends(TrendsResponse.Of(input.Range, interval.Value, measure, breakdown, series)));
        }

        if (series.Count == 0)
        {
            return Page();
        }

        Chart = new ChartModel(
            "trends",
            ChartKind.Line,
            $"{(measure == "users" ? "Users" : "Events")} per {interval.Value.Name()}",
            "Date",
            series[0].Points.Select(p => DateRange.Iso(p.Date)).ToList(),
            series.Select(s => new ChartSeries(s.BreakdownValue is null ? s.Event : $"{s.Event}: {s.BreakdownValue}", s.Points.Select(p => (double?)p.Value).ToList())).ToList())
        {
            CsvHref = CsvFile.LinkFor(Request),
        };
        return Page();
    }
}
