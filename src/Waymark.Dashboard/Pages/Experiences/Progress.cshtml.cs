using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Dashboard.Pages.Shared.Charts;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Progress;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// How many users saw, completed and dismissed a flow or checklist, and reached each step or did each task; the same
/// numbers as CSV with <c>format=csv</c>. No date range: the progress report counts since the content was first shown.
/// </summary>
[RequirePermission(Permissions.AnalyticsRead)]
public sealed class ProgressModel : WorkspacePageModel
{
    [FromRoute]
    public string Id { get; set; } = "";

    public string Name { get; private set; } = "";

    internal ContentKind Kind { get; private set; }

    internal ProgressSummary Summary { get; private set; } = null!;

    internal ChartModel Chart { get; private set; } = null!;

    /// <summary>Completed as a share of users shown, or a dash before anyone was shown it.</summary>
    public string CompletionRate => Summary.UsersShown == 0
        ? "—"
        : ((double)Summary.UsersCompleted / Summary.UsersShown).ToString("0.#%", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync()
    {
        if (ContentKinds.OfId(Id) is not { } kind
            || await Service<Waymark.Experiences.Authoring.ContentStore>().GetAsync(WorkspaceId, Id, null, HttpContext.RequestAborted) is not { } detail
            || await Service<ProgressReport>().ForAsync(WorkspaceId, Id, HttpContext.RequestAborted) is not { } summary)
        {
            return NotFound();
        }

        Kind = kind;
        Name = detail.Content.Name;
        Summary = summary;
        Chart = ProgressChart.From(summary, Name, CsvFile.LinkFor(Request));
        return CsvFile.IsRequested(Request) ? CsvFile.Of(Chart).ToResult($"{Id}-progress.csv") : Page();
    }
}
