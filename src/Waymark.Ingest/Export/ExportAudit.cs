using System.Globalization;
using Microsoft.AspNetCore.Http;
using Waymark.Audit;

namespace Waymark.Ingest.Export;

/// <summary>
/// Every export is audited before anything is sent: who exported which subject (by keyed hash only), how (in the
/// response, by job, or a job's download), in which format, how many events, and whether PHI was included. An export
/// that discloses PHI values is audited once more with the PHI keys, as every PHI read is; never the values.
/// </summary>
internal static class ExportAudit
{
    public const string Inline = "inline";
    public const string Job = "job";
    public const string Download = "download";

    public static async Task RecordAsync(
        HttpContext context,
        IAuditLog audit,
        string targetType,
        string subjectHashHex,
        string delivery,
        ExportFormat format,
        long events,
        bool phiIncluded,
        IReadOnlyCollection<string> disclosedPhi,
        string? exportId)
    {
        var details = new Dictionary<string, string>
        {
            ["delivery"] = delivery,
            ["format"] = format.Name(),
            ["events"] = events.ToString(CultureInfo.InvariantCulture),
            ["phi"] = phiIncluded ? "included" : "withheld",
        };
        if (exportId is not null)
        {
            details["export_id"] = exportId;
        }

        await audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.SubjectExported, AuditOutcome.Success, targetType, subjectHashHex, details), context.RequestAborted);
        if (phiIncluded && disclosedPhi.Count > 0)
        {
            var keys = string.Join(",", disclosedPhi);
            await audit.RecordAsync(
                AuditEvents.FromRequest(context, AuditActions.PhiRead, AuditOutcome.Success, targetType, subjectHashHex, new Dictionary<string, string>
                {
                    ["what"] = "export",
                    ["keys"] = keys.Length <= 500 ? keys : keys[..500] + "…",
                }),
                context.RequestAborted);
        }
    }
}
