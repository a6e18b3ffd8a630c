using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests.Analytics;

/// <summary>
/// Analytics is one entry of the sidebar; its four pages are a navigation landmark of their own on each analytics page,
/// plain links that mark the page shown, under the dashboard's CSP.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class AnalyticsNavigationTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    private static readonly (string Path, string Label)[] Pages = [("trends", "Trends"), ("funnels", "Funnels"), ("retention", "Retention"), ("experiences", "Experience results")];

    [Fact]
    public async Task EveryAnalyticsPage_ListsTheFourPagesInItsOwnLandmark_MarkingOnlyItselfCurrent()
    {
        using var client = await fixture.OwnerAsync();

        foreach (var (path, label) in Pages)
        {
            var page = await client.GetAsync($"/w/{fixture.Ws}/analytics/{path}");

            var subnav = SubNavigation().Match(page.Html);
            Assert.True(subnav.Success, $"{path} has no Analytics navigation:\n{page.Html}");
            Assert.Equal(
                Pages.Select(p => ($"/w/{fixture.Ws}/analytics/{p.Path}", p.Label, p.Path == path)),
                Links(subnav.Value).Select(l => (l.Href, l.Label, l.Current)));
        }
    }

    [Fact]
    public async Task Sidebar_HoldsOneAnalyticsEntry_CurrentOnEveryAnalyticsPage()
    {
        using var client = await fixture.OwnerAsync();

        var overview = await client.GetAsync($"/w/{fixture.Ws}");

        var analytics = Links(Sidebar(overview)).Where(l => l.Href.Contains("/analytics/", StringComparison.Ordinal) || l.Label.StartsWith("Analytics", StringComparison.Ordinal));
        Assert.Equal([($"/w/{fixture.Ws}/analytics/trends", "Analytics", false)], analytics);
        foreach (var (path, _) in Pages)
        {
            var page = await client.GetAsync($"/w/{fixture.Ws}/analytics/{path}");
            Assert.Equal([($"/w/{fixture.Ws}/analytics/trends", "Analytics", true)], Links(Sidebar(page)).Where(l => l.Current));
        }
    }

    [Fact]
    public async Task AnalyticsNavigation_InTheBrowser_LeadsFromTheSidebarThroughEachPage_WithoutCspViolations()
    {
        await using var session = await BrowserChecks.NewSessionAsync(fixture.Server);
        var page = session.Page;
        await TeamSetup.SignInOwnerAsync(page);
        await page.GotoAsync($"/w/{fixture.Ws}");

        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Analytics", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trends", Level = 1 })).ToBeVisibleAsync();
        var analytics = page.GetByRole(AriaRole.Navigation, new() { Name = "Analytics", Exact = true });
        await Expect(analytics.GetByRole(AriaRole.Link)).ToHaveCountAsync(Pages.Length);
        foreach (var (_, label) in Pages)
        {
            await analytics.GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = label, Level = 1 })).ToBeVisibleAsync();
            await Expect(analytics.Locator("a[aria-current=\"page\"]")).ToHaveTextAsync(label);
            await Expect(page.Navigation().Locator("a[aria-current=\"page\"]")).ToHaveTextAsync("Analytics");
        }

        Assert.Empty(session.CspViolations);
        await session.AssertNoErrorsAsync();
    }

    private static string Sidebar(DashboardPage page) => SidebarNavigation().Match(page.Html).Value;

    /// <summary>Each link of <paramref name="html"/>: its address, its text, and whether it is marked the current page.</summary>
    private static List<(string Href, string Label, bool Current)> Links(string html) => [.. Link().Matches(html).Select(l => (
        Href().Match(l.Groups["attributes"].Value).Groups["href"].Value,
        l.Groups["label"].Value.Trim(),
        l.Groups["attributes"].Value.Contains("aria-current=\"page\"", StringComparison.Ordinal)))];

    [GeneratedRegex("""<nav class="subnav" aria-label="Analytics">.*?</nav>""", RegexOptions.Singleline)]
    private static partial Regex SubNavigation();

    [GeneratedRegex("""<a (?<attributes>[^>]*)>(?<label>[^<]*)</a>""")]
    private static partial Regex Link();

    [GeneratedRegex("href=\"(?<href>[^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex("""<nav class="sidebar" aria-label="Main">.*?</nav>""", RegexOptions.Singleline)]
    private static partial Regex SidebarNavigation();
}
