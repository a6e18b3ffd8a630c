using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Segments.Schema;
using Waymark.Segments.Storage;

namespace Waymark.Dashboard.Pages.Segments;

[RequirePermission(Permissions.ContentEdit)]
public sealed class NewModel(IAuditLog auditLog) : SegmentBuilderModel(auditLog)
{
    public async Task<IActionResult> OnGetAsync() => await PageAsync();

    private protected override Task<Outcome<SegmentRow>> SaveAsync(SegmentStore store, JsonElement conditions) =>
        store.CreateAsync(Caller, WorkspaceId, Name, conditions, HttpContext.RequestAborted);
}
