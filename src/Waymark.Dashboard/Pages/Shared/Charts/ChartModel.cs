using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waymark.Dashboard.Pages.Shared.Charts;

internal enum ChartKind
{
    Line,
    Bar,
    StackedBar,
}

/// <summary>How the values read: plain numbers, or ratios (0.4) shown as percentages (40%).</summary>
internal enum ChartFormat
{
    Number,
    Percent,
}

/// <summary>One named series, a value per label; null where there is no value (a gap, "—" in the table).</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>
/// What the <c>_Chart</c> partial draws: the same numbers become the chart's data island, its table and its CSV, so
/// the three cannot disagree.
/// </summary>
internal sealed class ChartModel
{
    public ChartModel(string id, ChartKind kind, string title, string labelsHeading, IReadOnlyList<string> labels, IReadOnlyList<ChartSeries> series, ChartFormat format = ChartFormat.Number)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        if (id.Length == 0 || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new ArgumentException("A chart id is lower-case letters, digits and dashes: it names the chart's elements on the page.", nameof(id));
        }

        if (series.Count == 0 || series.Any(s => s.Values.Count != labels.Count))
        {
            throw new ArgumentException("A chart needs at least one series, each with one value per label.", nameof(series));
        }

        if (series.Any(s => s.Values.Any(v => v is { } value && !double.IsFinite(value))))
        {
            throw new ArgumentException("A chart's values are finite numbers or null: JSON, the table and the CSV have no infinity.", nameof(series));
        }

        Id = id;
        Kind = kind;
        Title = title;
        LabelsHeading = labelsHeading;
        Labels = labels;
        Series = series;
        Format = format;
    }

    /// <summary>Prefix of the chart's element ids: <c>{Id}-canvas</c>, <c>{Id}-data</c>, <c>{Id}-table</c>.</summary>
    public string Id { get; }

    public ChartKind Kind { get; }

    public string Title { get; }

    /// <summary>The heading of the labels' column in the table and the CSV ("Step", "Date").</summary>
    public string LabelsHeading { get; }

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<ChartSeries> Series { get; }

    public ChartFormat Format { get; }

    /// <summary>Where "Download CSV" leads, or null for no link.</summary>
    public string? CsvHref { get; init; }

    /// <summary>The canvas's accessible name: what the chart shows and where its numbers are.</summary>
    public string AccessibleName => $"{KindName} of {Title}. The table “{Title}” has the same numbers.";

    private string KindName => Kind switch
    {
        ChartKind.Line => "Line chart",
        ChartKind.Bar => "Bar chart",
        _ => "Stacked bar chart",
    };

    /// <summary>
    /// The data for the chart script. The serializer escapes &lt;, &gt; and &amp;, so no label can close the
    /// <c>script</c> element that holds it.
    /// </summary>
    public string IslandJson() => JsonSerializer.Serialize(
        new Island(
            Kind switch { ChartKind.Line => "line", ChartKind.Bar => "bar", _ => "stacked_bar" },
            Format == ChartFormat.Percent ? "percent" : "number",
            Labels,
            Series.Select(s => new IslandSeries(s.Name, s.Values)).ToList()),
        IslandJsonOptions);

    /// <summary>A value as the table shows it.</summary>
    public string Display(double? value) => value switch
    {
        null => "—",
        { } v when Format == ChartFormat.Percent => v.ToString("0.#%", CultureInfo.InvariantCulture),
        { } v => v.ToString("#,0.##", CultureInfo.InvariantCulture),
    };

    private static readonly JsonSerializerOptions IslandJsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record Island(
        [property: JsonPropertyName("kind")] string Kind,
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("labels")] IReadOnlyList<string> Labels,
        [property: JsonPropertyName("series")] IReadOnlyList<IslandSeries> Series);

    private sealed record IslandSeries(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("values")] IReadOnlyList<double?> Values);
}
