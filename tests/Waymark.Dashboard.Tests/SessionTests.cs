using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// Sessions in headless Chromium against the real <c>waymark serve</c>, the owner signed in in two browsers: ending
/// the other browser's session from the session list, changing the password, and signing out of all devices each
/// sign the other browser out on its next navigation.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SessionTests(SetUpServerFixture fixture) : IClassFixture<SetUpServerFixture>
{
    [Fact]
    public async Task Owner_EndsTheOtherBrowsersSession_FromTheSessionsPage_WhichIsSignedOutOnItsNextNavigation()
    {
        await using var desk = await BrowserChecks.NewSessionAsync(fixture.Server);
        await using var laptop = await BrowserChecks.NewSessionAsync(fixture.Server);
        var a = desk.Page;
        var b = laptop.Page;
        await SignInAsync(a);
        await SignInAsync(b);
        await b.GotoAsync($"/w/{fixture.Workspace}");
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = DashboardServer.WorkspaceName, Level = 1 })).ToBeVisibleAsync();

        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Sessions", Exact = true }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Your sessions", Level = 1 })).ToBeVisibleAsync();
        var rows = a.GetByRole(AriaRole.Row).Filter(new() { HasText = "Chrome on Linux" });
        await Expect(rows).ToHaveCountAsync(2);
        var current = rows.Filter(new() { HasText = "this session" });
        var other = rows.Filter(new() { HasNotText = "this session" });
        await Expect(current).ToHaveCountAsync(1);
        await Expect(current.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(other).ToContainTextAsync("127.0.0.1");
        await Expect(other).ToContainTextAsync("Password");

        await other.GetByRole(AriaRole.Button, new() { NameRegex = new("^End session") }).ClickAsync();

        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "The session was ended." })).ToBeVisibleAsync();
        await Expect(a.GetByRole(AriaRole.Row).Filter(new() { HasText = "Chrome on Linux" })).ToHaveCountAsync(1);
        await Expect(a.GetByRole(AriaRole.Row).Filter(new() { HasText = "this session" })).ToHaveCountAsync(1);

        await b.GotoAsync($"/w/{fixture.Workspace}/members");
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Waymark", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal("/signin", new Uri(b.Url).AbsolutePath);

        await a.ReloadAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Your sessions", Level = 1 })).ToBeVisibleAsync();
        await desk.AssertNoErrorsAsync();
        await laptop.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task Owner_ChangesPassword_InTheBrowser_OtherBrowserIsSignedOut_ThenSignsOutOfAllDevices()
    {
        const string NewPassword = "walnut-harbour-drizzle-58";

        // A server of its own: the owner's password changes.
        await using var server = await DashboardServer.StartAsync("sqlite");
        await server.SetUpWithoutBrowserAsync();
        await using var desk = await BrowserChecks.NewSessionAsync(server);
        await using var laptop = await BrowserChecks.NewSessionAsync(server);
        var a = desk.Page;
        var b = laptop.Page;
        await SignInAsync(a);
        await SignInAsync(b);

        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Password", Exact = true }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Change your password", Level = 1 })).ToBeVisibleAsync();
        await a.GetByLabel("Current password").FillAsync(DashboardServer.OwnerPassword);
        await a.GetByLabel("New password").FillAsync(NewPassword);
        await a.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        // The other browser, and the session the setup form left behind.
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your password was changed, and 2 other sessions were signed out." })).ToBeVisibleAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Your sessions", Level = 1 })).ToBeVisibleAsync();

        await b.GotoAsync("/");
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Waymark", Level = 1 })).ToBeVisibleAsync();

        await SignInAsync(b, NewPassword);
        await a.GotoAsync("/signout");
        await a.GetByRole(AriaRole.Button, new() { Name = "Sign out of all devices" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "You were signed out on all devices (2 sessions ended)." })).ToBeVisibleAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Waymark", Level = 1 })).ToBeVisibleAsync();
        await b.ReloadAsync();
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Waymark", Level = 1 })).ToBeVisibleAsync();
        await desk.AssertNoErrorsAsync();
        await laptop.AssertNoErrorsAsync();
    }

    private static async Task SignInAsync(IPage page, string password = DashboardServer.OwnerPassword)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email address").FillAsync(DashboardServer.OwnerEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();
    }
}
