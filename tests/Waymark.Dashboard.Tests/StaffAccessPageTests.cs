using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// Staff access in the browser: an operator created at the command line asks for access on the console, the owner
/// approves on the Staff access page, and the operator enters the workspace under the banner.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class StaffAccessPageTests
{
    private const string OperatorEmail = "ops@example.com";
    private const string OperatorPassword = "harbour-lantern-midnight-58";

    [Fact]
    public async Task Operator_AsksForAccess_OwnerApproves_AndTheOperatorWorksUnderTheBanner()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        await using var op = await BrowserChecks.NewSessionAsync(server);
        var (_, ws) = await TeamSetup.SetUpOwnerAsync(owner.Page, server);
        await WaymarkProcess.RunCliWithInputAsync(OperatorPassword + "\n", ["operators", "add", "--email", OperatorEmail, "--password-stdin", .. server.StorageArguments]);

        var page = op.Page;
        await page.GotoAsync(new Uri(server.BaseAddress, "/signin").ToString());
        await page.GetByLabel("Email address").FillAsync(OperatorEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(OperatorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operator console", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Workspace", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = ws });
        await page.GetByLabel("Reason").FillAsync("Support request 4711: the import fails");
        await page.GetByLabel("workspace:view").CheckAsync();
        await page.GetByLabel("Duration").SelectOptionAsync(new SelectOptionValue { Label = "2 hours" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask for access" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Ticket #1 is open" })).ToBeVisibleAsync();

        var ownerPage = owner.Page;
        await ownerPage.Navigation().GetByRole(AriaRole.Link, new() { Name = "Staff access", Exact = true }).ClickAsync();
        await Expect(ownerPage.Locator("#pending-tickets")).ToContainTextAsync("Support request 4711: the import fails");
        await ownerPage.Locator("#pending-tickets").GetByRole(AriaRole.Link, new() { Name = "#1" }).ClickAsync();
        await ownerPage.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(ownerPage.GetByRole(AriaRole.Status).Filter(new() { HasText = "Ticket #1 approved" })).ToBeVisibleAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "/operator").ToString());
        await page.Locator("#ticket-list").GetByRole(AriaRole.Link, new() { Name = DashboardServer.WorkspaceName }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Members");
        await Expect(page.Locator("#staff-access-banner")).ToContainTextAsync("Staff access under ticket #1 until");
        await Expect(page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Staff access", Exact = true })).ToBeVisibleAsync();
        await owner.AssertNoErrorsAsync();
        await op.AssertNoErrorsAsync();
    }
}
