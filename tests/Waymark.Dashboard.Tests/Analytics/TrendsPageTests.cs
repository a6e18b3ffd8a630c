using System.Net;
using System.Text.Json.Nodes;
using Waymark.Dashboard.Tests.Support;
using static Waymark.Dashboard.Tests.Analytics.AnalyticsEvents;

namespace Waymark.Dashboard.Tests.Analytics;

/// <summary>The trends page over events sent with the write key at chosen times, on SQLite and PostgreSQL.</summary>
[Collection(DashboardCollection.Name)]
public sealed class TrendsPageTests(AnalyticsServers servers) : IClassFixture<AnalyticsServers>
{
    public static TheoryData<string> Providers => AnalyticsServers.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Trends_ShowsEventsPerDayInTheTableTheChartIsland_AndTheApisCsv(string provider)
    {
        var fixture = await servers.WorkspaceAsync(provider);
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
        var csv = await CsvAsync(fixture, client, CsvLink(page));
        Assert.Equal($"event,breakdown_value,date,value\r\n{name},,2026-11-20,2\r\n{name},,2026-11-21,0\r\n{name},,2026-11-22,1\r\n", csv);
        Assert.Equal(await ApiCsvAsync(fixture, CsvLink(page)), csv);

        var users = await client.GetAsync(path.Replace("measure=count", "measure=users", StringComparison.Ordinal));
        Assert.Equal([["2026-11-20", "1"], ["2026-11-21", "0"], ["2026-11-22", "1"]], Rows(users, "trends"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TrendsCsv_OfTwoEventsByAPublicKey_IsTheApisLongFormatRowForRow(string provider)
    {
        var fixture = await servers.WorkspaceAsync(provider);
        var (answered, shown) = ("Answered " + Guid.NewGuid().ToString("N")[..8], "Shown " + Guid.NewGuid().ToString("N")[..8]);
        await SendAsync(
            fixture,
            Track("ada", answered, "2026-11-20T09:00:00Z", new JsonObject { ["$question_type"] = "nps" }),
            Track("grace", answered, "2026-11-20T10:00:00Z", new JsonObject { ["$question_type"] = "nps" }),
            Track("linus", answered, "2026-11-21T10:00:00Z", new JsonObject { ["$question_type"] = "rating" }),
            Track("ada", shown, "2026-11-21T11:00:00Z"));
        using var client = await fixture.OwnerAsync();
        var path = $"/w/{fixture.Ws}/analytics/trends?event={Uri.EscapeDataString(answered)}&event={Uri.EscapeDataString(shown)}&breakdown=%24question_type&from=2026-11-20&to=2026-11-21&interval=day&measure=count";

        var page = await WaitForAsync(client, path, $"{answered}: rating");

        var csv = await CsvAsync(fixture, client, CsvLink(page));
        Assert.Equal(await ApiCsvAsync(fixture, CsvLink(page)), csv);
        var lines = csv.Split("\r\n");
        Assert.Equal("event,breakdown_value,date,value", lines[0]);
        Assert.Contains($"{answered},nps,2026-11-20,2", lines);
        Assert.Contains($"{answered},nps,2026-11-21,0", lines);
        Assert.Contains($"{answered},rating,2026-11-21,1", lines);
        Assert.Contains($"{shown},(none),2026-11-21,1", lines);
        Assert.Equal(["event,breakdown_value,date,value", .. Enumerable.Repeat("row", 3 * 2), ""], lines.Select((l, i) => i == 0 || l.Length == 0 ? l : "row"));
    }

    [Fact]
    public async Task Trends_ByANonPublicKey_ShowsTheValidatorsMessageAndNoChart()
    {
        var fixture = await servers.WorkspaceAsync("sqlite");
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
        var fixture = await servers.WorkspaceAsync("sqlite");
        using var client = await fixture.OwnerAsync();

        var page = await client.GetAsync($"/w/{fixture.Ws}/analytics/trends?event=Signed%20up&interval=fortnight");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.True(page.Shows("interval is day, week or month."), page.Html);
    }

    [Fact]
    public async Task TrendsCsv_WithARangeTheApiRefuses_IsRefusedToo_NotTheDefaultRangesFile()
    {
        var fixture = await servers.WorkspaceAsync("sqlite");
        using var client = await fixture.OwnerAsync();

        var csv = await client.GetAsync($"/w/{fixture.Ws}/analytics/trends?event=Signed%20up&from=2026-11-29&to=2026-11-01&format=csv");

        Assert.Equal(HttpStatusCode.BadRequest, csv.Status);
        Assert.True(csv.Shows("from is after to: send from on or before to."), csv.Html);
        Assert.DoesNotContain("event,breakdown_value", csv.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trends_ForAViewerWithoutAnalyticsRead_IsForbiddenAndItsCsvToo()
    {
        var fixture = await servers.WorkspaceAsync("sqlite");
        using var viewer = await fixture.NewViewerAsync();

        var page = await viewer.GetAsync($"/w/{fixture.Ws}/analytics/trends?event=Signed%20up");
        var csv = await viewer.GetAsync($"/w/{fixture.Ws}/analytics/trends?event=Signed%20up&format=csv");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal(HttpStatusCode.Forbidden, csv.Status);
        Assert.DoesNotContain("event,breakdown_value", csv.Html, StringComparison.Ordinal);
    }
}
