using System.Globalization;
using Microsoft.AspNetCore.Http;
using Waymark.Analytics.Queries;
using Waymark.Api;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Analytics.Http;

/// <summary>Reads and checks the query string of an analytics request; each refusal says what to send instead.</summary>
internal static class QueryInput
{
    public const string ProblemType = "invalid-analytics-query";

    private const int MaxNameLength = 200;

    public static Refusal Invalid(string detail) => Refusal.Invalid(ProblemType, "Invalid analytics query", detail);

    /// <summary><c>from</c> and <c>to</c>, UTC days, both included; by default the 30 days ending today.</summary>
    public static Outcome<QueryRange> Range(IQueryCollection query, TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (!Date(query, "from", out var from) || !Date(query, "to", out var to))
        {
            return Invalid("Send from and to as UTC dates, YYYY-MM-DD (both included), or leave them out for the last 30 days.");
        }

        var end = to ?? today;
        var start = from ?? end.AddDays(1 - QueryRange.DefaultDays);
        if (start > end)
        {
            return Invalid("from is after to: send from on or before to.");
        }

        if (end.DayNumber - start.DayNumber + 1 > QueryRange.MaxDays)
        {
            return Invalid("The range spans more than 366 days: shorten it, or make several queries.");
        }

        return new QueryRange(start, end);
    }

    public static Outcome<Interval> Interval(IQueryCollection query, Interval fallback) => Single(query, "interval") switch
    {
        null => fallback,
        "day" => Queries.Interval.Day,
        "week" => Queries.Interval.Week,
        "month" => Queries.Interval.Month,
        _ => Invalid("interval is day, week or month."),
    };

    /// <summary>A whole number in [min, max], or <paramref name="fallback"/> when absent.</summary>
    public static Outcome<int> Number(IQueryCollection query, string name, int min, int max, int fallback)
    {
        var text = Single(query, name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Invalid($"{name} is a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>Every value of <paramref name="name"/>, in order, once each; between <paramref name="min"/> and <paramref name="max"/> of them.</summary>
    public static Outcome<IReadOnlyList<string>> Names(IQueryCollection query, string name, int min, int max, bool distinct)
    {
        var values = query[name].Select(v => v ?? "").ToList();
        if (values.Any(v => v.Length is 0 or > MaxNameLength))
        {
            return Invalid($"Each {name} is an event name of 1 to {MaxNameLength.ToString(CultureInfo.InvariantCulture)} characters.");
        }

        var names = distinct ? values.Distinct(StringComparer.Ordinal).ToList() : values;
        return names.Count >= min && names.Count <= max
            ? new Outcome<IReadOnlyList<string>>(names, null)
            : Invalid($"Send {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} {name} parameters, each an event name ({name}=Signed%20up&{name}=…).");
    }

    /// <summary>An optional event name.</summary>
    public static Outcome<string?> OptionalName(IQueryCollection query, string name)
    {
        if (query[name].Count > 1)
        {
            return Invalid($"Send {name} once.");
        }

        var value = Single(query, name);
        return value is null || value.Length is > 0 and <= MaxNameLength
            ? new Outcome<string?>(value, null)
            : Invalid($"{name} is an event name of 1 to {MaxNameLength.ToString(CultureInfo.InvariantCulture)} characters.");
    }

    /// <summary>Whether the answer is CSV (<c>format=csv</c>) rather than JSON (no format, or <c>format=json</c>).</summary>
    public static Outcome<bool> Csv(IQueryCollection query) => Single(query, "format") switch
    {
        null or "json" => false,
        "csv" => true,
        _ => Invalid("format is csv, json, or left out for JSON."),
    };

    /// <summary>The refusal of a breakdown by a key that is not public, naming its class; null for a public key.</summary>
    public static Refusal? BreakdownRefusal(DataClass dataClass)
    {
        if (dataClass == DataClass.Public)
        {
            return null;
        }

        var name = ClassName(dataClass);
        return Refusal.Invalid(
            "breakdown-not-public",
            "Breakdown key not public",
            $"The breakdown key is classified {name}; analytics reads public keys only, and never decrypts {name} values. Break down by a public key, or classify this key public if its values are never about a person.");
    }

    public static string ClassName(DataClass dataClass) => dataClass.ToString().ToLowerInvariant();

    public static string? Single(IQueryCollection query, string name) => query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    public static string Name(this Interval interval) => interval.ToString().ToLowerInvariant();

    private static bool Date(IQueryCollection query, string name, out DateOnly? date)
    {
        date = null;
        var text = Single(query, name);
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            date = value;
            return true;
        }

        return false;
    }
}
