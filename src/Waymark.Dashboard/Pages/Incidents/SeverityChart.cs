using System.Globalization;
using Waymark.Incidents.Signals;

namespace Waymark.Dashboard.Pages.Incidents;

/// <summary>
/// Stacked bars of incidents opened per day, by severity, drawn as SVG: sizes are SVG attributes rather than style
/// attributes, which the dashboard's strict CSP forbids, so no script or inline style is needed.
/// </summary>
internal sealed record SeverityChart(IReadOnlyList<SeverityChart.Bar> Bars, int Max, int Total)
{
    public const int Width = 600;
    public const int Height = 120;

    public static readonly SeverityChart Empty = new([], 0, 0);

    /// <summary>Severities from the bottom of a bar up, each with its fill and legend name.</summary>
    public static readonly IReadOnlyList<(string Severity, string Fill)> Series =
    [
        (Severity.Low, "#8a9bb0"),
        (Severity.Medium, "#d9a400"),
        (Severity.High, "#d9661f"),
        (Severity.Critical, "#b3261e"),
    ];

    public double BarWidth => Bars.Count == 0 ? 0 : (double)Width / Bars.Count;

    public static SeverityChart From(IReadOnlyList<(DateOnly Day, IReadOnlyDictionary<string, int> BySeverity)> days)
    {
        var max = days.Select(d => d.BySeverity.Values.Sum()).DefaultIfEmpty(0).Max();
        var bars = days.Select((d, index) => new Bar(index, d.Day, Series.Select(s => d.BySeverity.GetValueOrDefault(s.Severity)).ToList())).ToList();
        return new SeverityChart(bars, max, days.Sum(d => d.BySeverity.Values.Sum()));
    }

    /// <summary>The rectangles of one bar: severity fill, y and height in chart units, and a tooltip.</summary>
    public IEnumerable<(string Fill, string X, string Y, string W, string H, string Title)> Segments(Bar bar)
    {
        var y = (double)Height;
        for (var i = 0; i < Series.Count; i++)
        {
            var count = bar.Counts[i];
            if (count == 0 || Max == 0)
            {
                continue;
            }

            var h = count * Height / (double)Max;
            y -= h;
            yield return (Series[i].Fill, N(bar.Index * BarWidth + 1), N(y), N(Math.Max(BarWidth - 2, 1)), N(h), $"{bar.Day:yyyy-MM-dd}: {count} {Series[i].Severity}");
        }
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    internal sealed record Bar(int Index, DateOnly Day, IReadOnlyList<int> Counts);
}
