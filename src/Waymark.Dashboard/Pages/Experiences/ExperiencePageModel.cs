using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// What the flow and checklist pages share: everyone in the workspace may look (the pages carry workspace:view), but
/// every change needs content:edit, which a page's policy cannot say per handler, so each post asks here.
/// </summary>
public abstract class ExperiencePageModel : WorkspacePageModel
{
    public bool CanEdit => User.Has(Permissions.ContentEdit);

    public bool CanReadProgress => User.Has(Permissions.AnalyticsRead);

    internal ContentStore Store => Service<ContentStore>();

    /// <summary>Refuses a change to someone who may see the page but not change it, audited as a refused page is.</summary>
    protected async Task<IActionResult> RefuseAsync(string route, string permission = Permissions.ContentEdit)
    {
        await Service<IAuditLog>().RecordAsync(
            AuditEvents.FromRequest(HttpContext, AuditActions.AccessDenied, AuditOutcome.Denied, "endpoint", "POST " + route, new Dictionary<string, string> { ["permission"] = permission }),
            HttpContext.RequestAborted);
        return StatusCode(StatusCodes.Status403Forbidden);
    }

    /// <summary>The workspace's flows, for the selects that name a flow (a button that starts one, a task that completes on one).</summary>
    internal async Task<IReadOnlyList<ContentSummary>> FlowChoicesAsync(string? except) =>
        (await Store.ListAsync(WorkspaceId, ContentKind.Flow, HttpContext.RequestAborted)).Where(f => f.Id != except).ToList();
}
