using System.Globalization;
using Waymark.Backups;
using Waymark.Backups.Running;

namespace Waymark.Dashboard.Pages.Operator;

/// <summary>The encrypted size of recent backups as SVG bars, oldest left: a sudden drop or jump shows at a glance.</summary>
internal sealed record SizeChart(IReadOnlyList<SizeChart.Bar> Bars, long Max)
{
    public const int Width = 600;
    public const int Height = 120;

    public static readonly SizeChart Empty = new([], 0);

    public static SizeChart From(IReadOnlyList<RunView> runs)
    {
        var done = runs.Where(r => r.Size > 0).Reverse().ToList();
        if (done.Count == 0)
        {
            return Empty;
        }

        var max = done.Max(r => r.Size);
        var width = (double)Width / done.Count;
        var bars = done.Select((r, i) =>
        {
            var height = Math.Max(1, r.Size * (Height - 4) / max);
            return new Bar(
                F(i * width + 1),
                F(Height - height),
                F(Math.Max(1, width - 2)),
                F(height),
                r.State == BackupStates.Succeeded ? "#2f7d4f" : "#b7791f",
                $"{r.BackupId}: {ByteSize.Format(r.Size)}, {r.State}");
        }).ToList();
        return new SizeChart(bars, max);
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    internal sealed record Bar(string X, string Y, string W, string H, string Fill, string Title);
}
