using System.Net;
using Waymark.Dashboard.Tests.Support;
using static Waymark.Dashboard.Tests.Analytics.AnalyticsEvents;

namespace Waymark.Dashboard.Tests.Analytics;

/// <summary>The trends page over events sent with the write key at chosen times.</summary>
[Collection(DashboardCollection.Name)]
public sealed class TrendsPageTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    [Fact]
    public async Task Trends_ShowsEventsPerDayInTheTableTheChartIslandAndTheCsv()
    {
        var name = "Exported " + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(
            fixture,
            Track("ada", name, "2026-11-20T09:00:00Z"),
            Track("ada", name, "2026-11-20T17:00:00Z"),
            Track("grace", name, "2026-11-22T12:00:00Z"));
        using var client = await fixture.OwnerAsync();
        var path = $"/w/{fixture.Ws}/analytics/trends?event={Uri.EscapeDataString(name)}&from=2026-11-20&to=2026-11-22&interval=day&measure=count";

        var page = await WaitForAsync(client, path, "<td>2</td>");

        Assert.Equal([["2026-11-20", "2"], ["2026-11-21", "0"], ["2026-11-22", "1"]], Rows(page, "trends"));
        var island = Island(page, "trends");
        Assert.Equal("line", (string)island["kind"]!);
        Assert.Equal(["2026-11-20", "2026-11-21", "2026-11-22"], island["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal(name, (string)island["series"]![0]!["name"]!);
        Assert.Equal([2.0, 0.0, 1.0], island["series"]![0]!["values"]!.AsArray().Select(v => (double)v!));
        Assert.Equal($"Date,{name}\r\n2026-11-20,2\r\n2026-11-21,0\r\n2026-11-22,1\r\n", await CsvAsync(fixture, client, CsvLink(page)));

        var users = await client.GetAsync(path.Replace("measure=count", "measure=users", StringComparison.Ordinal));
        Assert.Equal([["2026-11-20", "1"], ["2026-11-21", "0"], ["2026-11-22", "1"]], Rows(users, "trends"));
    }

    [Fact]
    public async Task Trends_ByANonPublicKey_ShowsTheValidatorsMessageAndNoChart()
    {
        using var client = await fixture.OwnerAsync();

        var page = await client.GetAsync($"/w/{fixture.Ws}/analytics/trends?event=Signed%20up&breakdown=plan");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.True(page.Shows("The breakdown key is classified personal"), page.Html);
        Assert.DoesNotContain("trends-data", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"plan\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trends_WithAnUnknownInterval_ShowsTheValidatorsMessage()
    {
        using var client = await fixture.OwnerAsync();

        var page = await client.GetAsync($"/w/{fixture.Ws}/analytics/trends?event=Signed%20up&interval=fortnight");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.True(page.Shows("interval is day, week or month."), page.Html);
    }

    [Fact]
    public async Task Trends_ForAViewerWithoutAnalyticsRead_IsForbiddenAndItsCsvToo()
    {
        using var viewer = await fixture.NewViewerAsync();

        var page = await viewer.GetAsync($"/w/{fixture.Ws}/analytics/trends?event=Signed%20up");
        var csv = await viewer.GetAsync($"/w/{fixture.Ws}/analytics/trends?event=Signed%20up&format=csv");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(HttpStatusCode.Forbidden, csv.Status);
        Assert.DoesNotContain("Date,", csv.Html, StringComparison.Ordinal);
    }
}
