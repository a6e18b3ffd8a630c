using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;

namespace Waymark.Dashboard.Pages.Shared.Charts;

/// <summary>
/// A CSV download (RFC 4180: CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled). Text
/// that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) gets a leading
/// apostrophe: labels come from what users and tracked events named things, and must not run when opened.
/// Numbers are written as numbers, invariant, never guarded: a negative number is data, not a formula.
/// </summary>
internal sealed class CsvFile
{
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    /// <summary>The query value that asks a chart page for its CSV.</summary>
    public const string Format = "csv";

    private readonly StringBuilder _text = new();

    /// <summary>Appends one row; cells are text, whole or decimal numbers, dates, or null for an empty cell.</summary>
    public CsvFile Row(params IEnumerable<object?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                _text.Append(',');
            }

            _text.Append(Field(cell));
            first = false;
        }

        _text.Append("\r\n");
        return this;
    }

    /// <summary>A chart as its table reads: the labels' heading and the series' names, then a row per label.</summary>
    public static CsvFile Of(ChartModel chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var csv = new CsvFile().Row([chart.LabelsHeading, .. chart.Series.Select(s => s.Name)]);
        for (var i = 0; i < chart.Labels.Count; i++)
        {
            csv.Row([chart.Labels[i], .. chart.Series.Select(s => (object?)s.Values[i])]);
        }

        return csv;
    }

    public override string ToString() => _text.ToString();

    /// <summary>The download, named <paramref name="fileName"/> reduced to letters, digits, dots, dashes and underscores.</summary>
    public FileContentResult ToResult(string fileName) => new(Encoding.UTF8.GetBytes(_text.ToString()), ContentType)
    {
        FileDownloadName = SafeFileName(fileName),
    };

    /// <summary>The page's own address with its query and <c>format=csv</c>, for a "Download CSV" link.</summary>
    public static string LinkFor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.Where(q => q.Key != "format").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        return request.PathBase + request.Path + QueryString.Create([.. query, new("format", Format)]);
    }

    /// <summary>Whether the request asks for the CSV (<c>format=csv</c>).</summary>
    public static bool IsRequested(HttpRequest request) =>
        string.Equals(request?.Query["format"], Format, StringComparison.OrdinalIgnoreCase);

    // Numbers and dates never hold a comma, quote or line break, so only text needs CsvCell's quoting and guard.
    private static string Field(object? cell) => cell switch
    {
        null => "",
        string s => CsvCell.Of(s),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"A CSV cell is text, a number or a date, not {cell.GetType().Name}.", nameof(cell)),
    };

    private static string SafeFileName(string fileName)
    {
        var safe = new string(fileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-').ToArray()).Trim('.', '-');
        if (safe.Length == 0)
        {
            safe = "chart";
        }

        return safe.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? safe : safe + ".csv";
    }
}
