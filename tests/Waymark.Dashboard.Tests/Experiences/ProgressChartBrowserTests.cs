using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Browser;
using Waymark.TestSupport.Dashboard;
using static Microsoft.Playwright.Assertions;
using static Waymark.Dashboard.Tests.Experiences.EditorForms;

namespace Waymark.Dashboard.Tests.Experiences;

/// <summary>
/// The progress page's chart in headless Chromium under the dashboard's CSP: drawn from its data island by the
/// embedded Chart.js when script runs, and the table alone when it does not.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class ProgressChartBrowserTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    [Fact]
    public async Task ProgressChart_IsDrawnUnderTheCsp_AndItsTableStaysForScreenReaders()
    {
        var path = await FlowWithProgressAsync("Charted tour");
        await using var session = await BrowserChecks.NewSessionAsync(fixture.Server);
        var page = session.Page;
        await TeamSetup.SignInOwnerAsync(page);

        await page.GotoAsync(path);

        var chart = page.Locator("figure.chart");
        await Expect(chart).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bchart-drawn\b"));
        var canvas = page.GetByRole(AriaRole.Img, new() { Name = "Bar chart of Users reaching each step of Charted tour" });
        await Expect(canvas).ToBeVisibleAsync();
        var size = await canvas.EvaluateAsync<int[]>("c => [c.width, c.height]");
        Assert.True(size[0] > 0 && size[1] > 0, $"canvas is {size[0]}×{size[1]}");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Users reaching each step of Charted tour" });
        await Expect(table).ToHaveCountAsync(1);
        var box = await chart.Locator(".chart-table").BoundingBoxAsync();
        Assert.True(box is { Width: <= 1, Height: <= 1 }, $"the table should be visually hidden once the chart is drawn, but its box is {box?.Width}×{box?.Height}");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download CSV of Users reaching each step of Charted tour" })).ToBeVisibleAsync();
        Assert.Empty(session.CspViolations);
        await session.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task ProgressPage_WithoutJavaScript_ShowsTheTableAndNoCanvas()
    {
        var path = await FlowWithProgressAsync("Scriptless tour");
        var browser = await ChromiumBrowser.Instance;
        await using var session = await browser.NewSessionAsync(new BrowserNewContextOptions { BaseURL = fixture.Server.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = session.Page;
        page.SetDefaultTimeout(45_000);
        await TeamSetup.SignInOwnerAsync(page);

        await page.GotoAsync(path);

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Users reaching each step of Scriptless tour" });
        await Expect(table).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Row, new() { Name = "1. Welcome 2" })).ToBeVisibleAsync();
        await Expect(page.Locator("canvas[data-chart]")).ToBeHiddenAsync();
    }

    /// <summary>A published three-step flow two users have seen (one to the end), and the path of its progress page once it counts them.</summary>
    private async Task<string> FlowWithProgressAsync(string name)
    {
        using var client = await fixture.OwnerAsync();
        var id = await SaveAsync(client, $"/w/{fixture.Ws}/experiences/flows/edit", WelcomeTour(name, 3));
        await PublishAsync(client, fixture.Ws, id, "production");
        var batch = new JsonArray();
        foreach (var (user, steps) in new[] { ("ada", 3), ("grace", 1) })
        {
            for (var step = 0; step < steps; step++)
            {
                batch.Add(new JsonObject
                {
                    ["type"] = "track", ["userId"] = user, ["event"] = "$flow_step_viewed", ["messageId"] = Guid.NewGuid().ToString(),
                    ["properties"] = new JsonObject { ["$content_id"] = id, ["$content_version"] = 1, ["$step"] = step },
                });
            }
        }

        using var write = PeopleData.WriteClient(fixture.Server, fixture.WriteKey);
        await PeopleData.SendAsync(write, "batch", new JsonObject { ["batch"] = batch });

        // The batch is written a moment after it was accepted.
        var path = $"/w/{fixture.Ws}/experiences/{id}/progress";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var progress = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, progress.Status);
            if (progress.Html.Contains("""id="users-shown">2<""", StringComparison.Ordinal))
            {
                return path;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the progress page never counted the two users");
            await Task.Delay(200);
        }
    }
}
