using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Waymark.Audit.Api;

namespace Waymark.Audit;

/// <summary>
/// Streams a workspace's audit entries as a CSV or NDJSON download: the one writer behind both the API's export and
/// the dashboard's, so both produce the same file. The export is recorded before the first byte leaves and covers
/// the log as it was just before that record.
/// </summary>
public static class AuditExport
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "ndjson"];

    private const int RowsPerFlush = 500;

    /// <summary>Writes the download; <paramref name="exported"/> is the entry recording it, and its workspace is the one exported.</summary>
    public static async Task WriteAsync(HttpResponse response, AuditQuery query, IAuditLog auditLog, AuditEvent exported, AuditFilter filter, string format, CancellationToken cancellationToken)
    {
        if (!Formats.Contains(format))
        {
            throw new ArgumentException("The format is csv or ndjson.", nameof(format));
        }

        var workspaceId = exported.WorkspaceId;
        var last = await query.LastSeqAsync(workspaceId, cancellationToken);
        await auditLog.RecordAsync(exported, cancellationToken);

        var csv = format == "csv";
        response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"audit.{format}\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        if (csv)
        {
            await writer.WriteAsync(AuditCsv.Header + "\r\n");
        }

        var rows = 0;
        await foreach (var entry in query.StreamAsync(workspaceId, filter, last, cancellationToken))
        {
            await writer.WriteAsync(csv ? AuditCsv.Row(entry) + "\r\n" : JsonSerializer.Serialize(AuditEntryResponse.From(entry)) + "\n");
            if (++rows % RowsPerFlush == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }
}
