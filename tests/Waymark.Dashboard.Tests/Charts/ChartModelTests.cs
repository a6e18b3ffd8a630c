using System.Text.Json.Nodes;
using Waymark.Dashboard.Pages.Shared.Charts;

namespace Waymark.Dashboard.Tests.Charts;

public sealed class ChartModelTests
{
    [Fact]
    public void IslandJson_CarriesKindFormatLabelsAndSeries()
    {
        var chart = new ChartModel("nps", ChartKind.Line, "NPS", "Week", ["2026-11-02", "2026-11-09"], [new ChartSeries("Promoters", [0.5, null])], ChartFormat.Percent);

        var island = JsonNode.Parse(chart.IslandJson())!;

        Assert.Equal("line", (string)island["kind"]!);
        Assert.Equal("percent", (string)island["format"]!);
        Assert.Equal(["2026-11-02", "2026-11-09"], island["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal("Promoters", (string)island["series"]![0]!["name"]!);
        Assert.Equal([0.5, null], island["series"]![0]!["values"]!.AsArray().Select(v => (double?)v));
    }

    [Fact]
    public void IslandJson_EscapesWhatCouldCloseTheScriptElement()
    {
        var chart = new ChartModel("steps", ChartKind.StackedBar, "Steps", "Step", ["</script><script>alert(1)</script>", "<!--"], [new ChartSeries("A&B", [1, 2])]);

        var json = chart.IslandJson();

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        Assert.DoesNotContain(">", json, StringComparison.Ordinal);
        Assert.DoesNotContain("&", json, StringComparison.Ordinal);
        Assert.Equal("</script><script>alert(1)</script>", (string)JsonNode.Parse(json)!["labels"]![0]!);
        Assert.Equal("stacked_bar", (string)JsonNode.Parse(json)!["kind"]!);
    }

    [Theory]
    [InlineData(false, 1234.5, "1,234.5")]
    [InlineData(false, 7.0, "7")]
    [InlineData(true, 0.4, "40%")]
    [InlineData(true, 0.3333, "33.3%")]
    [InlineData(false, null, "—")]
    public void Display_ShowsValuesAsTheTableReadsThem(bool percent, double? value, string shown)
    {
        var chart = new ChartModel("c", ChartKind.Bar, "C", "X", ["x"], [new ChartSeries("S", [value])], percent ? ChartFormat.Percent : ChartFormat.Number);

        Assert.Equal(shown, chart.Display(value));
    }

    [Fact]
    public void New_WithASeriesShorterThanTheLabels_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ChartModel("c", ChartKind.Bar, "C", "X", ["a", "b"], [new ChartSeries("S", [1])]));
    }

    [Fact]
    public void New_WithAnIdThatIsNotLowerCaseLettersDigitsAndDashes_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ChartModel("a\" onload=\"x", ChartKind.Bar, "C", "X", ["a"], [new ChartSeries("S", [1])]));
    }

    [Fact]
    public void New_WithAnInfiniteValue_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ChartModel("c", ChartKind.Bar, "C", "X", ["a"], [new ChartSeries("S", [double.PositiveInfinity])]));
    }
}
