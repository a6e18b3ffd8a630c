using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Mfa;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// The owner sets up an authenticator app in headless Chromium against the real <c>waymark serve</c> process, with
/// oathtool standing in for the phone, then signs in with password and code; a code seen once does not work twice.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class TotpTests(SetUpServerFixture fixture) : IClassFixture<SetUpServerFixture>
{
    private DashboardServer Server => fixture.Server;

    [Fact]
    public async Task Owner_EnrolsTotpInTheBrowser_ThenSignsInWithPasswordAndCode_AndAReplayedCodeIsRefused()
    {
        await using var session = await BrowserChecks.NewSessionAsync(Server);
        var page = session.Page;
        await SignInWithPasswordAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();

        // Set up: the QR code and the key to type, then the first code from the "phone".
        await page.GotoAsync("/account/security");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication", Level = 2 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for your authenticator app" })).ToBeVisibleAsync();
        var shownKey = await page.GetByLabel("Setup key", new() { Exact = true }).InputValueAsync();
        Assert.Matches(GroupedKey(), shownKey);
        var key = shownKey.Replace(" ", "", StringComparison.Ordinal);

        var confirmedAt = TimeProvider.System.GetUtcNow();
        var confirmCode = await Oathtool.TotpAsync(key, confirmedAt);
        await page.GetByLabel("Code from the app").FillAsync(confirmCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Two-factor authentication is on." })).ToBeVisibleAsync();
        await Expect(page.GetByText("Save these recovery codes now.")).ToBeVisibleAsync();
        var recoveryCodes = page.GetByRole(AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(AriaRole.Listitem);
        await Expect(recoveryCodes).ToHaveCountAsync(10);
        var recoveryCode = (await recoveryCodes.First.InnerTextAsync()).Trim();

        // A reload shows the state, never the codes again.
        await page.ReloadAsync();
        await Expect(page.GetByText("Recovery codes left: 10 of 10")).ToBeVisibleAsync();
        await Expect(page.GetByText(recoveryCode)).ToHaveCountAsync(0);

        // The password alone now leads to the second step, where the code that confirmed the setup is spent.
        await SignOutAsync(page);
        await SignInWithPasswordAsync(page);
        await page.WaitForURLAsync(new Regex("/signin/two-factor"), BrowserChecks.Navigated);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-factor authentication", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Authenticator code").FillAsync(confirmCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText("was already used").First).ToBeVisibleAsync();

        var freshCode = await Oathtool.FreshTotpAsync(key, Oathtool.StepOf(confirmedAt));
        await page.GetByLabel("Authenticator code").FillAsync(freshCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();

        // The same code again, with the right password: refused.
        await SignOutAsync(page);
        await SignInWithPasswordAsync(page);
        await page.WaitForURLAsync(new Regex("/signin/two-factor"), BrowserChecks.Navigated);
        await page.GetByLabel("Authenticator code").FillAsync(freshCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText("was already used").First).ToBeVisibleAsync();
        Assert.Contains("/signin/two-factor", page.Url, StringComparison.Ordinal);

        // A recovery code is the way in without the phone.
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a recovery code instead" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(recoveryCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("/account/security");
        await Expect(page.GetByText("Recovery codes left: 9 of 10")).ToBeVisibleAsync();

        await session.AssertNoErrorsAsync();
    }

    private static async Task SignInWithPasswordAsync(IPage page)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email address").FillAsync(DashboardServer.OwnerEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardServer.OwnerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Waymark", Level = 1 })).ToBeVisibleAsync();
    }

    [GeneratedRegex("^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$")]
    private static partial Regex GroupedKey();
}
