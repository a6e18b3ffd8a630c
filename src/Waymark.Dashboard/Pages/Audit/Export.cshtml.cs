using System.Text;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Dashboard.Pages.Audit;

/// <summary>Streams every matching entry, oldest first, as a download; the export is recorded before the first byte.</summary>
[RequirePermission(Permissions.AuditRead)]
public sealed class ExportModel(AuditQuery query, IAuditLog audit) : AuditPageModel
{
    private const int RowsPerFlush = 500;

    [BindProperty(SupportsGet = true, Name = "format")]
    public string? Format { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var filter = ReadFilter();
        if (filter is null || Format is not ("csv" or "ndjson"))
        {
            return BadRequest();
        }

        var cancellationToken = HttpContext.RequestAborted;

        // The file covers the log as it was before the export's own entry, like the API's export.
        var newest = (await query.ListAsync(WorkspaceId, AuditFilter.None, null, 1, cancellationToken)).Entries is [{ Seq: var seq }, ..] ? seq : 0;
        await audit.RecordAsync(Caller.Audit(WorkspaceId, AuditActions.AuditExported, AuditOutcome.Success, "audit-log", details: new Dictionary<string, string> { ["format"] = Format }), cancellationToken);

        var csv = Format == "csv";
        Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"audit.{Format}\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        if (csv)
        {
            await writer.WriteAsync(AuditExportFormat.CsvHeader + "\r\n");
        }

        var rows = 0;
        await foreach (var entry in query.StreamAsync(WorkspaceId, filter, cancellationToken))
        {
            if (entry.Seq > newest)
            {
                break;
            }

            await writer.WriteAsync(csv ? AuditExportFormat.CsvRow(entry) + "\r\n" : AuditExportFormat.NdjsonLine(entry) + "\n");
            if (++rows % RowsPerFlush == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
        return new EmptyResult();
    }
}
