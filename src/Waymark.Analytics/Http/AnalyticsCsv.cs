using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Waymark.Api;

namespace Waymark.Analytics.Http;

/// <summary>The CSV form of each answer: a header row, then one row per point (RFC 4180 cells, spreadsheet-safe text).</summary>
internal static class AnalyticsCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static ContentHttpResult Trends(TrendsResponse answer) => Write("event,breakdown_value,date,value", answer.Series.SelectMany(s =>
        s.Points.Select(p => new[] { Text(s.Event), Text(s.BreakdownValue), Date(p.Date), Number(p.Value) })));

    public static ContentHttpResult Funnel(FunnelResponse answer) => Write("step,event,users,conversion,from_previous,dropped", answer.Steps.Select((s, i) =>
        new[] { Number(i + 1), Text(s.Event), Number(s.Users), Number(s.Conversion), Number(s.FromPrevious), Number(s.Dropped) }));

    public static ContentHttpResult Retention(RetentionResponse answer) => Write("cohort_start,size,period,retained,rate", answer.Cohorts.SelectMany(c =>
        c.Retained.Select((r, k) => new[] { Date(c.Start), Number(c.Size), Number(k), Number(r), Number(AnalyticsRatios.Of(r, c.Size)) })));

    public static ContentHttpResult Experiences(ExperienceResultsResponse answer) => Write("content_id,kind,name,views,completions,dismissals,completion_rate", answer.Experiences.Select(e =>
        new[] { Text(e.ContentId), Text(e.Kind), Text(e.Name), Number(e.Views), Number(e.Completions), Number(e.Dismissals), Number(e.CompletionRate) }));

    private static ContentHttpResult Write(string header, IEnumerable<string[]> rows)
    {
        var csv = new StringBuilder(header).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row).Append("\r\n");
        }

        return TypedResults.Text(csv.ToString(), ContentType, Encoding.UTF8, StatusCodes.Status200OK);
    }

    private static string Text(string? value) => CsvCell.Of(value);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
