using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Ingest.Export;
using Waymark.Jobs;

namespace Waymark.Dashboard.Pages.Jobs;

[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel(JobQuery query) : WorkspacePageModel
{
    private const int PageSize = 50;

    /// <summary>Seconds between reloads while a job on the page still moves; a header, as the CSP allows no inline script.</summary>
    private const int RefreshSeconds = 2;

    [BindProperty(SupportsGet = true, Name = "cursor")]
    public string? Cursor { get; set; }

    public JobPage? Jobs { get; private set; }

    public bool Refreshing { get; private set; }

    public async Task OnGetAsync()
    {
        if (!JobQuery.IsValidCursor(Cursor))
        {
            ModelState.AddModelError("", "This page link is not valid any more. Start again from the first page.");
            Cursor = null;
        }

        Jobs = await query.ListAsync(WorkspaceId, Cursor, PageSize, HttpContext.RequestAborted);
        Refreshing = Jobs.Jobs.Any(j => JobStatuses.IsUnfinished(j.Status));
        if (Refreshing)
        {
            Response.Headers["Refresh"] = RefreshSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Whether a job wrote an export that the person may download: exports are data reads, so the link needs
    /// <c>data:read</c> (the download checks it again, and whether the export still exists).
    /// </summary>
    public bool CanDownload(JobView job) =>
        job.Status == JobStatus.Completed && job.Type is SubjectExporter.UserJobType or SubjectExporter.CompanyJobType && User.Has(Permissions.DataRead);

    /// <summary>Elapsed seconds as people read them: "4.2 s", "3 min 5 s".</summary>
    public static string Elapsed(double? seconds) => seconds switch
    {
        null => "—",
        < 60 => seconds.Value.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        _ => $"{(long)seconds.Value / 60} min {(long)seconds.Value % 60} s",
    };
}
