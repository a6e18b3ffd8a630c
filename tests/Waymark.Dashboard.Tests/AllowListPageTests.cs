using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// The Firewall page in the browser: the owner's own address shown, a range that would shut them out refused beside
/// the field, a range for their address added, listed and removed again.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AllowListPageTests
{
    [Fact]
    public async Task Owner_AddsARangeForTheirAddress_SeesItListed_AndRemovesIt()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        var page = owner.Page;
        await TeamSetup.SetUpOwnerAsync(page, server);

        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Firewall", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Firewall", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#your-address")).ToHaveTextAsync("127.0.0.1");
        await Expect(page.Locator("#empty-dashboard")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Rate limits" })).ToHaveAttributeAsync("href", $"/w/{page.WorkspaceOf()}/firewall/limits");

        // A range without the owner's own address would lock them out: refused, nothing listed.
        await page.GetByLabel("Applies to").SelectOptionAsync(new SelectOptionValue { Label = "Dashboard (members)" });
        await page.GetByLabel("Address range").FillAsync("10.0.0.0/8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow range" }).ClickAsync();
        await Expect(page.GetByText("Your address (127.0.0.1) would no longer reach the dashboard.").First).ToBeVisibleAsync();
        await Expect(page.Locator("#empty-dashboard")).ToBeVisibleAsync();

        await page.GetByLabel("Address range").FillAsync("127.0.0.1/32");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("this machine");
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow range" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "127.0.0.1/32 is now on the dashboard allow list." })).ToBeVisibleAsync();
        var rules = page.Locator("#rules-dashboard");
        await Expect(rules).ToContainTextAsync("127.0.0.1/32");
        await Expect(rules).ToContainTextAsync("this machine");
        await Expect(page.Locator("#empty-api")).ToBeVisibleAsync();

        await rules.GetByRole(AriaRole.Button, new() { Name = "Remove 127.0.0.1/32 from the dashboard allow list" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "127.0.0.1/32 is no longer on the dashboard allow list." })).ToBeVisibleAsync();
        await Expect(page.Locator("#empty-dashboard")).ToBeVisibleAsync();
        await owner.AssertNoErrorsAsync();
    }
}
