using System.Globalization;
using Waymark.Experiences.Progress;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// Users reaching each step of a flow (a funnel) or done with each task of a checklist, as SVG bars scaled to the
/// users shown; drawn on the server, so the page needs no script. The table beside it carries the same numbers.
/// </summary>
internal sealed record ProgressChart(IReadOnlyList<ProgressChart.Bar> Bars, int Height)
{
    public const int Width = 600;
    private const int BarHeight = 28;
    private const int Gap = 8;
    private const int LabelWidth = 200;

    public static ProgressChart From(ProgressSummary summary)
    {
        var rows = summary.Steps is { } steps
            ? steps.Select(s => (Label: $"{s.Index + 1}. {s.Title}", Users: s.UsersReached)).ToList()
            : (summary.Tasks ?? []).Select((t, i) => (Label: $"{i + 1}. {t.Title}", Users: t.UsersDone)).ToList();
        var max = Math.Max(1, Math.Max(summary.UsersShown, rows.Count == 0 ? 0 : rows.Max(r => r.Users)));
        var room = Width - LabelWidth - 60;
        var bars = rows.Select((r, i) =>
        {
            var y = i * (BarHeight + Gap);
            var width = r.Users == 0 ? 0 : Math.Max(2, r.Users * room / max);
            return new Bar(
                F(y), F(y + BarHeight / 2 + 5), F(width), F(LabelWidth + width + 6),
                r.Label.Length > 28 ? r.Label[..27] + "…" : r.Label,
                r.Users.ToString(CultureInfo.InvariantCulture),
                $"{r.Label}: {r.Users} users");
        }).ToList();
        return new ProgressChart(bars, Math.Max(BarHeight, rows.Count * (BarHeight + Gap) - Gap));
    }

    public static string LabelX => F(LabelWidth - 8);

    public static string BarX => F(LabelWidth);

    public static string BarH => F(BarHeight);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>One row: where the bar sits and how long it is, its (shortened) label, its count and its full title.</summary>
    internal sealed record Bar(string Y, string TextY, string W, string CountX, string Label, string Count, string Title);
}
