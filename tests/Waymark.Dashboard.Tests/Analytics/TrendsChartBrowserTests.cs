using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Browser;
using Waymark.TestSupport.Dashboard;
using static Microsoft.Playwright.Assertions;
using static Waymark.Dashboard.Tests.Analytics.AnalyticsEvents;

namespace Waymark.Dashboard.Tests.Analytics;

/// <summary>The trends chart in headless Chromium under the dashboard's CSP, drawn from its data island.</summary>
[Collection(DashboardCollection.Name)]
public sealed class TrendsChartBrowserTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    [Fact]
    public async Task TrendsChart_IsDrawnUnderTheCsp()
    {
        var name = "Charted " + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(fixture, Track("ada", name, "2026-11-20T09:00:00Z"), Track("grace", name, "2026-11-21T09:00:00Z"));
        var path = $"/w/{fixture.Ws}/analytics/trends?event={Uri.EscapeDataString(name)}&from=2026-11-20&to=2026-11-22";
        using (var client = await fixture.OwnerAsync())
        {
            await WaitForAsync(client, path, "<td>1</td>");
        }

        await using var session = await BrowserChecks.NewSessionAsync(fixture.Server);
        var page = session.Page;
        await TeamSetup.SignInOwnerAsync(page);

        await page.GotoAsync(path);

        await Expect(page.Locator("figure.chart")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bchart-drawn\b"));
        var canvas = page.GetByRole(AriaRole.Img, new() { Name = "Line chart of Events per day" });
        await Expect(canvas).ToBeVisibleAsync();
        var size = await canvas.EvaluateAsync<int[]>("c => [c.width, c.height]");
        Assert.True(size[0] > 0 && size[1] > 0, $"canvas is {size[0]}×{size[1]}");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Events per day" })).ToHaveCountAsync(1);
        Assert.Empty(session.CspViolations);
        await session.AssertNoErrorsAsync();
    }
}
