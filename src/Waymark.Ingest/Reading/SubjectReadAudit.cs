using Microsoft.AspNetCore.Http;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Reading;

/// <summary>The audit of reads of a person's data, shared by the read API and the dashboard's people page.</summary>
internal static class SubjectReadAudit
{
    /// <summary>Whether the caller may see PHI values; everyone else sees them masked.</summary>
    public static bool IncludesPhi(HttpContext context) => context.User.HasClaim(Permissions.ClaimType, Permissions.PhiRead);

    /// <summary>
    /// Every read of a person's data is audited before it is answered, naming the subject only by its keyed hash
    /// (pseudonymous: the log never holds the id itself) and whether PHI was included.
    /// </summary>
    public static Task RecordReadAsync(HttpContext context, IAuditLog audit, string targetType, SubjectHash subject, string what) =>
        audit.RecordAsync(
            AuditEvents.FromRequest(context, AuditActions.PersonalDataRead, AuditOutcome.Success, targetType, Convert.ToHexStringLower(subject.ToBytes()), new Dictionary<string, string>
            {
                ["what"] = what,
                ["phi"] = IncludesPhi(context) ? "included" : "withheld",
            }),
            context.RequestAborted);

    /// <summary>
    /// A read that discloses PHI values is audited once more, before the answer leaves, with the PHI keys it
    /// discloses: key names say what kind of health data was seen, never the values.
    /// </summary>
    public static Task RecordPhiReadAsync(HttpContext context, IAuditLog audit, string targetType, SubjectHash subject, string what, IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return Task.CompletedTask;
        }

        var list = string.Join(",", keys);
        return audit.RecordAsync(
            AuditEvents.FromRequest(context, AuditActions.PhiRead, AuditOutcome.Success, targetType, Convert.ToHexStringLower(subject.ToBytes()), new Dictionary<string, string>
            {
                ["what"] = what,
                ["keys"] = list.Length <= 500 ? list : list[..500] + "…",
            }),
            context.RequestAborted);
    }
}
