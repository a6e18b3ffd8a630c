using Microsoft.AspNetCore.Http;

namespace Waymark.Dashboard.Pages.Shared.Charts;

/// <summary>
/// What the <c>_DateRange</c> partial shows: the range in effect, why the one asked for was refused, and links for
/// the usual ranges. A GET form of the page itself, so it works without script and the address can be shared; the
/// page's other query values (a segment, an interval) ride along.
/// </summary>
internal sealed record DateRangePicker(DateRangeQuery Query, string Path, DateOnly Today, IReadOnlyList<KeyValuePair<string, string>> Kept)
{
    private static readonly int[] PresetDays = [7, 30, 90];

    public string From => DateRange.Iso(Query.Range.From);

    public string To => DateRange.Iso(Query.Range.To);

    public IEnumerable<DateRangePreset> Presets => PresetDays.Select(days =>
    {
        var range = DateRange.LastDays(days, Today);
        var query = QueryString.Create([.. Kept.Select(k => new KeyValuePair<string, string?>(k.Key, k.Value)), new("from", DateRange.Iso(range.From)), new("to", DateRange.Iso(range.To))]);
        return new DateRangePreset($"Last {days} days", Path + query, Query.IsValid && range == Query.Range);
    });

    /// <summary>The picker for the request's page, keeping its query values other than the range and the format.</summary>
    public static DateRangePicker For(HttpRequest request, DateRangeQuery query, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kept = request.Query
            .Where(q => q.Key is not ("from" or "to" or "format"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))
            .ToList();
        return new DateRangePicker(query, request.PathBase + request.Path, today, kept);
    }
}

/// <summary>One of the usual ranges, as a link; <see cref="Current"/> when it is the range shown.</summary>
internal sealed record DateRangePreset(string Label, string Href, bool Current);
