using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Waymark.Api;

namespace Waymark.Audit.Api;

/// <summary>Reads the audit API's query parameters; a bad one is refused with a problem naming it and what it accepts.</summary>
internal static class AuditQueryParameters
{
    public const int DefaultLimit = 100;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    public static bool TryReadFilter(IQueryCollection query, out AuditFilter filter, out ProblemHttpResult? problem)
    {
        filter = AuditFilter.None;
        if (!TryText(query, "action", AuditLimits.Action, out var action, out problem)
            || !TryText(query, "actor", AuditLimits.Id, out var actor, out problem)
            || !TryText(query, "target_type", AuditLimits.TargetType, out var targetType, out problem)
            || !TryText(query, "target_id", AuditLimits.Id, out var targetId, out problem)
            || !TrySingle(query, "actor_kind", out var kindText, out problem)
            || !TrySingle(query, "outcome", out var outcomeText, out problem)
            || !TryTime(query, "from", out var from, out problem)
            || !TryTime(query, "to", out var to, out problem))
        {
            return false;
        }

        AuditActorKind? kind = null;
        if (kindText is not null)
        {
            if (!AuditNames.TryParseActorKind(kindText, out var parsed))
            {
                problem = Invalid("actor_kind", "one of " + string.Join(", ", Enum.GetValues<AuditActorKind>().Select(AuditNames.Of)));
                return false;
            }

            kind = parsed;
        }

        AuditOutcome? outcome = null;
        if (outcomeText is not null)
        {
            if (!AuditNames.TryParseOutcome(outcomeText, out var parsed))
            {
                problem = Invalid("outcome", "one of " + string.Join(", ", Enum.GetValues<AuditOutcome>().Select(AuditNames.Of)));
                return false;
            }

            outcome = parsed;
        }

        if (from is not null && to is not null && from > to)
        {
            problem = Invalid("from", "a time no later than 'to'");
            return false;
        }

        filter = new AuditFilter(action, actor, kind, outcome, targetType, targetId, from, to);
        return true;
    }

    public static bool TryReadPage(IQueryCollection query, out int limit, out string? cursor, out ProblemHttpResult? problem)
    {
        limit = DefaultLimit;
        if (!TrySingle(query, "cursor", out cursor, out problem) || !TrySingle(query, "limit", out var limitText, out problem))
        {
            return false;
        }

        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AuditQuery.MaxLimit))
        {
            problem = Invalid("limit", $"a whole number from 1 to {AuditQuery.MaxLimit} (default {DefaultLimit})");
            return false;
        }

        if (!AuditQuery.IsValidCursor(cursor))
        {
            problem = Invalid("cursor", "the 'next_cursor' of the previous page, unchanged, or nothing for the first page");
            return false;
        }

        return true;
    }

    public static bool TryReadFormat(IQueryCollection query, out string format, out ProblemHttpResult? problem)
    {
        format = "csv";
        if (!TrySingle(query, "format", out var value, out problem))
        {
            return false;
        }

        if (value is null)
        {
            return true;
        }

        if (value is not ("csv" or "ndjson"))
        {
            problem = Invalid("format", "csv or ndjson");
            return false;
        }

        format = value;
        return true;
    }

    public static ProblemHttpResult Invalid(string parameter, string allowed) =>
        Problems.BadRequest(
            "invalid-audit-query",
            "Invalid audit query parameter",
            $"The query parameter '{parameter}' must be {allowed}.",
            new Dictionary<string, object?> { ["parameter"] = parameter });

    private static bool TrySingle(IQueryCollection query, string name, out string? value, out ProblemHttpResult? problem)
    {
        value = null;
        problem = null;
        if (!query.TryGetValue(name, out var values))
        {
            return true;
        }

        if (values.Count != 1)
        {
            problem = Invalid(name, "given at most once");
            return false;
        }

        value = values[0];
        return true;
    }

    private static bool TryText(IQueryCollection query, string name, int maxLength, out string? value, out ProblemHttpResult? problem)
    {
        if (!TrySingle(query, name, out value, out problem))
        {
            return false;
        }

        if (value is not null && (value.Length == 0 || value.Length > maxLength))
        {
            problem = Invalid(name, $"1 to {maxLength} characters");
            return false;
        }

        return true;
    }

    private static bool TryTime(IQueryCollection query, string name, out DateTimeOffset? value, out ProblemHttpResult? problem)
    {
        value = null;
        if (!TrySingle(query, name, out var text, out problem))
        {
            return false;
        }

        if (text is null)
        {
            return true;
        }

        // An unescaped '+' of a time zone offset arrives as a space.
        if (!DateTimeOffset.TryParseExact(text.Replace(' ', '+'), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            problem = Invalid(name, "an ISO 8601 date or time, such as 2026-03-01 or 2026-03-01T09:30:00Z");
            return false;
        }

        value = parsed;
        return true;
    }
}
