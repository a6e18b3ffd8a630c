using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Waymark.Analytics.Http;
using Waymark.Analytics.Queries;
using Waymark.Dashboard.Pages.Shared.Charts;

namespace Waymark.Dashboard.Pages.Analytics;

/// <summary>
/// How many users went through two to five events in order within a window. Adding or removing a step is a submit
/// button of the same GET form, so it works without script; the funnel runs once the form is shown with no such button.
/// </summary>
public sealed class FunnelsModel : AnalyticsPageModel
{
    public const int MinSteps = 2;

    public const int MaxSteps = 5;

    /// <summary>The step selects, in order, "" where none is chosen yet.</summary>
    public IReadOnlyList<string> Steps { get; private set; } = [];

    /// <summary>The steps as the API answers them, so the table, the chart and the CSV read the same numbers.</summary>
    internal IReadOnlyList<FunnelStepResponse> Rows { get; private set; } = [];

    public string WindowDays => QueryInput.Single(Query, "window_days") ?? "14";

    public async Task<IActionResult> OnGetAsync()
    {
        var prepared = await PrepareAsync();
        var steps = Request.Query["step"].Select(s => s ?? "").ToList();
        var edited = false;
        if (int.TryParse(Request.Query["remove"], out var removed) && removed >= 0 && removed < steps.Count && steps.Count > MinSteps)
        {
            steps.RemoveAt(removed);
            edited = true;
        }

        if (Request.Query.ContainsKey("add") && steps.Count < MaxSteps)
        {
            steps.Add("");
            edited = true;
        }

        while (steps.Count < MinSteps)
        {
            steps.Add("");
        }

        Steps = steps;
        if (prepared is not { } input || edited || !Query.ContainsKey("step"))
        {
            return Page();
        }

        var names = QueryInput.Names(Query, "step", MinSteps, MaxSteps, distinct: false);
        var window = QueryInput.Number(Query, "window_days", 1, 90, 14);
        if (Refused(names.Refusal, window.Refusal))
        {
            return Page();
        }

        var reached = await Service<FunnelQuery>().RunAsync(WorkspaceId, new FunnelRequest(names.Value!, input.Range, window.Value, input.Audience), HttpContext.RequestAborted);
        var answer = FunnelResponse.Of(input.Range, window.Value, reached);
        if (CsvFile.IsRequested(Request))
        {
            return Download("funnel.csv", AnalyticsCsv.Funnel(answer));
        }

        Rows = answer.Steps;
        Chart = new ChartModel(
            "funnel",
            ChartKind.Bar,
            "Users reaching each step",
            "Step",
            Rows.Select((r, i) => StepLabel(i, r.Event)).ToList(),
            [new ChartSeries("Users", Rows.Select(r => (double?)r.Users).ToList())])
        {
            CsvHref = CsvFile.LinkFor(Request),
        };
        return Page();
    }

    /// <summary>A step as the table and the chart name it: its number, then its event.</summary>
    public static string StepLabel(int index, string name) => $"{(index + 1).ToString(CultureInfo.InvariantCulture)}. {name}";

    public static string Percent(double ratio) => ratio.ToString("0.#%", CultureInfo.InvariantCulture);
}
