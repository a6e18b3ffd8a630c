using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Waymark.Analytics.Http;
using Waymark.Analytics.Queries;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Dashboard.Pages.Shared.Charts;
using Waymark.Segments.Catalog;

namespace Waymark.Dashboard.Pages.Analytics;

/// <summary>A segment the filter offers.</summary>
public sealed record SegmentChoice(string Id, string Name);

/// <summary>
/// What every analytics page shares: the date range, the segment filter, the event names, refusals and the CSV
/// download. The query string is read by the analytics API's own <see cref="QueryInput"/>, so a page refuses exactly
/// what the endpoint refuses, with the same words.
/// </summary>
[RequirePermission(Permissions.AnalyticsRead)]
public abstract class AnalyticsPageModel : WorkspacePageModel
{
    internal DateRangePicker Picker { get; private set; } = null!;

    public IReadOnlyList<SegmentChoice> Segments { get; private set; } = [];

    public IReadOnlyList<string> EventNames { get; private set; } = [];

    public string? Segment => QueryInput.Single(Query, "segment");

    internal ChartModel? Chart { get; set; }

    /// <summary>The request's query without empty values: an unchosen select sends "", which means "not given".</summary>
    internal IQueryCollection Query => _query ??= new QueryCollection(Request.Query.ToDictionary(
        q => q.Key,
        q => new StringValues(q.Value.Where(v => !string.IsNullOrEmpty(v)).ToArray())).Where(q => q.Value.Count > 0).ToDictionary());

    private IQueryCollection? _query;

    protected TimeProvider Clock => Service<TimeProvider>();

    /// <summary>
    /// Fills the filters, then reads the range and the segment; null (and the reason shown) when the segment is
    /// refused. A refused range is explained by the picker, which says the default range is shown instead; a CSV is
    /// refused with it, as the API refuses it, since a file of the default range would not be the one asked for.
    /// </summary>
    private protected async Task<(QueryRange Range, Audience Audience)?> PrepareAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        var today = DateRange.Today(Clock);
        var range = QueryInput.Range(Query, Clock);
        var shown = range.Value is { } r ? new DateRange(r.From, r.To) : DateRange.LastDays(DateRange.DefaultDays, today);
        Picker = DateRangePicker.For(Request, new DateRangeQuery(shown, range.Refusal?.Detail), today);
        Segments = (await Service<SegmentCatalog>().GetAsync(WorkspaceId, cancellationToken)).Values
            .OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(s => new SegmentChoice(s.Id, s.Name))
            .ToList();
        EventNames = await Service<EventNameQuery>().RunAsync(WorkspaceId, cancellationToken);
        if (CsvFile.IsRequested(Request) && Refused(range.Refusal))
        {
            return null;
        }

        var audience = await Service<AudienceResolver>().ResolveAsync(WorkspaceId, Segment, cancellationToken);
        return Refused(audience.Refusal) ? null : (range.Value ?? new QueryRange(shown.From, shown.To), audience.Value!);
    }

    /// <summary>Shows the first refusal, if any, and answers 400: the page still renders, with nothing counted.</summary>
    protected bool Refused(params Refusal?[] refusals)
    {
        if (refusals.FirstOrDefault(r => r is not null) is not { } refusal)
        {
            return false;
        }

        ShowRefusal(refusal);
        Response.StatusCode = refusal.Status;
        return true;
    }

    /// <summary>
    /// The download for <c>format=csv</c>: the analytics API's own CSV of the same answer, so a file saved from the page
    /// and one fetched from <c>/v1/analytics</c> with the same query have the same columns and rows.
    /// </summary>
    private protected static FileContentResult Download(string fileName, ContentHttpResult csv) =>
        new(Encoding.UTF8.GetBytes(csv.ResponseContent ?? ""), csv.ContentType ?? AnalyticsCsv.ContentType) { FileDownloadName = fileName };

    public bool Selected(string name, string value) => QueryInput.Single(Query, name) == value;

    /// <summary>The names an event select offers: the workspace's, plus the chosen one if it has no events yet.</summary>
    public IEnumerable<string> EventChoices(string? chosen) =>
        chosen is { Length: > 0 } && !EventNames.Contains(chosen, StringComparer.Ordinal) ? [.. EventNames, chosen] : EventNames;
}
