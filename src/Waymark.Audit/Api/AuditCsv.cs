using System.Globalization;
using System.Text;
using Waymark.Api;
using Waymark.Audit.Chain;

namespace Waymark.Audit.Api;

/// <summary>
/// CSV rows per RFC 4180, each cell made safe for spreadsheets by <see cref="CsvCell"/>: an actor or target id is
/// caller-supplied text.
/// </summary>
internal static class AuditCsv
{
    public const string Header = "seq,time,actor_kind,actor_id,action,target_type,target_id,outcome,source_ip,request_id,details,hash,prev_hash";

    public static string Row(AuditEntryView entry)
    {
        var row = new StringBuilder(256);
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
            AuditHash.CanonicalDetails(entry.Details),
            entry.Hash,
            entry.PrevHash,
        ];
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                row.Append(',');
            }

            row.Append(CsvCell.Of(cells[i]));
        }

        return row.ToString();
    }
}
