using System.Text;
using Waymark.Dashboard.Pages.Shared.Charts;

namespace Waymark.Dashboard.Tests.Charts;

public sealed class CsvFileTests
{
    [Fact]
    public void Row_QuotesFieldsWithCommasQuotesAndLineBreaks_AndEndsRowsWithCrLf()
    {
        var csv = new CsvFile()
            .Row("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere")
            .Row("next", null, 3);

        Assert.Equal("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\nnext,,3\r\n", csv.ToString());
    }

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("=HYPERLINK(\"http://x\",\"a,b\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a,b\"\")\"")]
    [InlineData("Signed up", "Signed up")]
    [InlineData("a=b", "a=b")]
    public void Row_TextThatASpreadsheetWouldRun_GetsALeadingApostrophe(string text, string written)
    {
        Assert.Equal(written + "\r\n", new CsvFile().Row(text).ToString());
    }

    [Fact]
    public void Row_NumbersAndDates_AreWrittenAsNumbersAndIsoDates_AndNeverGuarded()
    {
        var csv = new CsvFile().Row(-5, -0.25, 1234567L, 2.5m, new DateOnly(2026, 11, 29));

        Assert.Equal("-5,-0.25,1234567,2.5,2026-11-29\r\n", csv.ToString());
    }

    [Fact]
    public void Row_WithACellOfAnotherType_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new CsvFile().Row(TimeSpan.FromDays(1)));
    }

    [Fact]
    public void Of_AChart_WritesTheLabelsHeadingAndSeriesNames_ThenARowPerLabel()
    {
        var chart = new ChartModel(
            "signups",
            ChartKind.StackedBar,
            "Sign-ups",
            "Date",
            ["2026-11-28", "=cmd()"],
            [new ChartSeries("Web", [3, null]), new ChartSeries("Mobile, iOS", [0.5, 7])]);

        Assert.Equal("Date,Web,\"Mobile, iOS\"\r\n2026-11-28,3,0.5\r\n'=cmd(),,7\r\n", CsvFile.Of(chart).ToString());
    }

    [Fact]
    public void ToResult_IsUtf8TextCsv_WithAFileNameReducedToSafeCharacters()
    {
        var result = new CsvFile().Row("Zoë").ToResult("flw_1/../progress report");

        Assert.Equal("text/csv; charset=utf-8; header=present", result.ContentType);
        Assert.Equal("flw_1-..-progress-report.csv", result.FileDownloadName);
        Assert.Equal("Zoë\r\n", Encoding.UTF8.GetString(result.FileContents));
    }
}
