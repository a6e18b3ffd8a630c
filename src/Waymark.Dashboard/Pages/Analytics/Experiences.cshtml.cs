using Microsoft.AspNetCore.Mvc;
using Waymark.Analytics.Http;
using Waymark.Analytics.Queries;
using Waymark.Dashboard.Pages.Shared.Charts;

namespace Waymark.Dashboard.Pages.Analytics;

/// <summary>Views, completions and dismissals of every flow, checklist and survey in the range, each linked to its own page.</summary>
public sealed class ExperiencesModel : AnalyticsPageModel
{
    internal IReadOnlyList<ExperienceResult> Results { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await PrepareAsync() is not { } input)
        {
            return Page();
        }

        Results = await Service<ExperienceResultsQuery>().RunAsync(WorkspaceId, input.Range, input.Audience, Clock.GetUtcNow(), HttpContext.RequestAborted);
        if (CsvFile.IsRequested(Request))
        {
            return Download("experiences.csv", AnalyticsCsv.Experiences(ExperienceResultsResponse.Of(input.Range, Results)));
        }

        if (Results.Count == 0)
        {
            return Page();
        }

        Chart = new ChartModel(
            "experiences",
            ChartKind.Bar,
            "Users shown, completing and dismissing each experience",
            "Experience",
            Results.Select(r => r.Name).ToList(),
            [
                new ChartSeries("Views", Results.Select(r => (double?)r.Views).ToList()),
                new ChartSeries("Completions", Results.Select(r => (double?)r.Completions).ToList()),
                new ChartSeries("Dismissals", Results.Select(r => (double?)r.Dismissals).ToList()),
            ])
        {
            CsvHref = CsvFile.LinkFor(Request),
        };
        return Page();
    }

    /// <summary>Where an experience's own numbers are: a survey's results, a flow's or checklist's progress.</summary>
    public string LinkOf(string contentId, string kind) =>
        kind == "survey" ? $"/w/{Ws}/experiences/surveys/{contentId}/results" : $"/w/{Ws}/experiences/{contentId}/progress";

    public static string Rate(long completions, long views) => FunnelsModel.Percent(AnalyticsRatios.Of(completions, views));
}
