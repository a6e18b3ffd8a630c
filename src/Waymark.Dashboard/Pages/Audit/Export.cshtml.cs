using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Dashboard.Pages.Audit;

/// <summary>Streams every matching entry, oldest first, as a download (the same file as the API's export).</summary>
[RequirePermission(Permissions.AuditRead)]
public sealed class ExportModel(AuditQuery query, IAuditLog audit) : AuditPageModel
{
    [BindProperty(SupportsGet = true, Name = "format")]
    public string? Format { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var filter = ReadFilter();
        if (filter is null || Format is not ("csv" or "ndjson"))
        {
            return BadRequest();
        }

        var exported = Caller.Audit(WorkspaceId, AuditActions.AuditExported, AuditOutcome.Success, "audit-log", details: new Dictionary<string, string> { ["format"] = Format });
        await AuditExport.WriteAsync(Response, query, audit, exported, filter, Format, HttpContext.RequestAborted);
        return new EmptyResult();
    }
}
