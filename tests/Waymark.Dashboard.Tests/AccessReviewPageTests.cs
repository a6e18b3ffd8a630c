using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// The access-review pages in the browser: the owner starts a review from the navigation, confirms an item with a
/// note, sees the progress move, and finds the evidence download.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessReviewPageTests
{
    [Fact]
    public async Task Owner_StartsAReview_ConfirmsAnItemWithANote_AndSeesTheProgress()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        var page = owner.Page;
        await TeamSetup.SetUpOwnerAsync(page, server);

        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Access reviews", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access reviews", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start a review now" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "started with" })).ToBeVisibleAsync();
        await Expect(page.Locator("#review-progress-text")).ToHaveTextAsync("0 of 3 decided");

        var ownerRow = page.Locator("#review-items tr").Filter(new() { HasText = "Member " + DashboardServer.OwnerEmail });
        await ownerRow.GetByLabel("Note", new() { Exact = false }).FillAsync("still runs the workspace");
        await ownerRow.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = false }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "access confirmed" })).ToBeVisibleAsync();
        await Expect(page.Locator("#review-progress-text")).ToHaveTextAsync("1 of 3 decided");
        await Expect(ownerRow).ToContainTextAsync("still runs the workspace");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download evidence (CSV)" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "All reviews" }).ClickAsync();
        await Expect(page.Locator("#review-list")).ToContainTextAsync("1 of 3 decided");
        await owner.AssertNoErrorsAsync();
    }
}
