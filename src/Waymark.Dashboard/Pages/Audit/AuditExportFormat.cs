using System.Globalization;
using System.Text;
using System.Text.Json;
using Waymark.Audit;

namespace Waymark.Dashboard.Pages.Audit;

/// <summary>
/// The export files, in the same columns and fields as the audit API's export (<c>GET /v1/audit/export</c>), so one
/// tool reads both. Waymark.Audit keeps its writer internal; this copy goes once it offers one publicly.
/// </summary>
internal static class AuditExportFormat
{
    public const string CsvHeader = "seq,time,actor_kind,actor_id,action,target_type,target_id,outcome,source_ip,request_id,details,hash,prev_hash";

    /// <summary>
    /// One CSV row per RFC 4180. A cell a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage
    /// return) gets a leading single quote: actor and target ids can be text a caller chose.
    /// </summary>
    public static string CsvRow(AuditEntryView entry)
    {
        string?[] cells =
        [
            entry.Seq.ToString(CultureInfo.InvariantCulture),
            entry.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            AuditNames.Of(entry.Actor.Kind),
            entry.Actor.Id,
            entry.Action,
            entry.TargetType,
            entry.TargetId,
            AuditNames.Of(entry.Outcome),
            entry.SourceIp,
            entry.RequestId,
            Details(entry.Details),
            entry.Hash,
            entry.PrevHash,
        ];
        return string.Join(',', cells.Select(Cell));
    }

    public static string NdjsonLine(AuditEntryView entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seq", entry.Seq);
            json.WriteString("time", entry.Time);
            json.WriteStartObject("actor");
            json.WriteString("kind", AuditNames.Of(entry.Actor.Kind));
            json.WriteString("id", entry.Actor.Id);
            json.WriteEndObject();
            json.WriteString("action", entry.Action);
            json.WriteStartObject("target");
            json.WriteString("type", entry.TargetType);
            json.WriteString("id", entry.TargetId);
            json.WriteEndObject();
            json.WriteString("outcome", AuditNames.Of(entry.Outcome));
            json.WriteString("source_ip", entry.SourceIp);
            json.WriteString("request_id", entry.RequestId);
            if (entry.Details is { } details)
            {
                json.WriteStartObject("details");
                foreach (var (key, value) in details)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("details");
            }

            json.WriteString("hash", entry.Hash);
            json.WriteString("prev_hash", entry.PrevHash);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>The details as the chain hashes them: a JSON object with keys in ordinal order.</summary>
    private static string? Details(IReadOnlyDictionary<string, string>? details)
    {
        if (details is null || details.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in details.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
