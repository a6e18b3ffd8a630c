using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Dashboard.Pages.Shared.Charts;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Surveys;
using Waymark.Segments.Catalog;

namespace Waymark.Dashboard.Pages.Experiences.Surveys;

/// <summary>
/// A survey's results over a date range, by day, week or month, optionally for one segment: the numbers come from the
/// same report as <c>/v1/surveys/{id}/results</c>, and every chart answers its CSV with <c>format=csv&amp;chart=ID</c>.
/// </summary>
[RequirePermission(Permissions.AnalyticsRead)]
public sealed class ResultsModel : WorkspacePageModel
{
    public static readonly string[] Intervals = ["day", "week", "month"];

    [FromRoute]
    public string Id { get; set; } = "";

    [FromQuery(Name = "interval")]
    public string? Interval { get; set; }

    [FromQuery(Name = "segment")]
    public string? Segment { get; set; }

    public string Name { get; private set; } = "";

    internal DateRangePicker Picker { get; private set; } = null!;

    internal SurveyResults? Results { get; private set; }

    internal IReadOnlyList<SelectListItem> Segments { get; private set; } = [];

    internal IReadOnlyDictionary<string, IReadOnlyList<ChartModel>> Charts { get; private set; } = new Dictionary<string, IReadOnlyList<ChartModel>>();

    public bool CanReadAnswers => User.Has(Permissions.DataRead);

    public async Task<IActionResult> OnGetAsync(string? chart)
    {
        if (ContentKinds.OfId(Id) != ContentKind.Survey || await Service<ContentStore>().GetAsync(WorkspaceId, Id, null, HttpContext.RequestAborted) is not { } detail)
        {
            return NotFound();
        }

        Name = detail.Content.Name;
        var clock = Service<TimeProvider>();
        var today = DateRange.Today(clock);
        var query = DateRange.FromQuery(Request, clock);
        Picker = DateRangePicker.For(Request, query, today);
        if (Interval is not null && Array.IndexOf(Intervals, Interval) < 0)
        {
            ModelState.AddModelError("interval", "Choose day, week or month.");
        }

        var interval = Interval is not null && Array.IndexOf(Intervals, Interval) >= 0 ? Interval : "week";
        Interval = interval;
        Segment = string.IsNullOrWhiteSpace(Segment) ? null : Segment;
        var segments = await Service<SegmentCatalog>().GetAsync(WorkspaceId, HttpContext.RequestAborted);
        Segments = segments.Values.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(s => new SelectListItem(s.Name, s.Id, s.Id == Segment)).ToList();

        var range = new ResultsRange(query.Range.From, query.Range.To, interval);
        var outcome = await Service<SurveyResultsReport>().ForAsync(WorkspaceId, Id, range, Segment, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, "segment");
        }
        else
        {
            Results = outcome.Value!;
            Charts = Results.Questions.ToDictionary(q => q.Id, q => ResultsCharts.For(q, ChartCsvHref));
        }

        if (!CsvFile.IsRequested(Request))
        {
            return Page();
        }

        var wanted = Charts.Values.SelectMany(c => c).FirstOrDefault(c => c.Id == chart);
        return wanted is null ? NotFound() : CsvFile.Of(wanted).ToResult($"{Id}-{wanted.Id}.csv");
    }

    /// <summary>The open-text page of a text question.</summary>
    public string AnswersHref(string questionId) => $"/w/{Ws}/experiences/surveys/{Id}/answers" + QueryString.Create("question", questionId);

    private string ChartCsvHref(string chartId)
    {
        var query = Request.Query.Where(q => q.Key is not ("format" or "chart")).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        return Request.PathBase + Request.Path + QueryString.Create([.. query, new("format", CsvFile.Format), new("chart", chartId)]);
    }
}
