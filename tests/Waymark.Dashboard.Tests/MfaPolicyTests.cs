using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Email;
using Waymark.TestSupport.Mfa;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// Enforced MFA in headless Chromium against the real <c>waymark serve</c> process: the owner enrols an authenticator
/// (oathtool stands in for the phone), requires MFA for the workspace and watches a member without it get suspended
/// and mailed; the member can reach only enrolment, enrols, and is back at once.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class MfaPolicyTests
{
    private const string MemberEmail = "editor@example.com";
    private const string MemberPassword = "walnut-harbour-slowly-77";

    [Fact]
    public async Task Owner_RequiresMfa_MemberWithoutIt_IsSuspendedAndMailed_UntilTheyEnrol()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var server = await DashboardServer.StartAsync("sqlite", mail);
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        await using var member = await BrowserChecks.NewSessionAsync(server);
        var a = owner.Page;
        var b = member.Page;

        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(a, server);
        await TeamSetup.JoinAsMemberAsync(server, serverKey, mail, b, MemberEmail, MemberPassword, "editor");

        // Without a second factor of their own, the owner cannot require one.
        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Sign-in policies", Exact = true }).ClickAsync();
        await a.GetByRole(AriaRole.Button, new() { Name = "Require two-factor authentication" }).ClickAsync();
        await Expect(a.GetByText("You cannot require two-factor authentication without having it yourself.").First).ToBeVisibleAsync();
        await Expect(a.Locator("#mfa-status")).ToHaveTextAsync("not required");

        await EnrolAuthenticatorAsync(a);

        await a.GotoAsync($"/w/{ws}/settings/security");
        await a.GetByRole(AriaRole.Button, new() { Name = "Require two-factor authentication" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "1 member without it was suspended and emailed." })).ToBeVisibleAsync();
        await Expect(a.Locator("#mfa-status")).ToHaveTextAsync("required");
        var memberRow = a.Locator("#compliance-table tbody tr").Filter(new() { HasText = MemberEmail });
        await Expect(memberRow).ToContainTextAsync("suspended");
        await Expect(a.Locator("#compliance-table tbody tr").Filter(new() { HasText = DashboardServer.OwnerEmail })).ToContainTextAsync("compliant");

        // The member: mailed, and held at the enrolment page whatever workspace page they open.
        var notice = await mail.WaitForMessageAsync(MemberEmail, TimeSpan.FromSeconds(30));
        Assert.Contains(DashboardServer.WorkspaceName, notice.Subject, StringComparison.Ordinal);
        await b.GotoAsync($"/w/{ws}/members");
        await b.WaitForURLAsync(new Regex("/account/security"), BrowserChecks.Navigated);
        await Expect(b.GetByText($"{DashboardServer.WorkspaceName} requires two-factor authentication").First).ToBeVisibleAsync();
        await b.GotoAsync("/");
        await Expect(b.GetByText("Suspended: this workspace requires two-factor authentication.")).ToBeVisibleAsync();

        await EnrolAuthenticatorAsync(b);

        await b.GotoAsync($"/w/{ws}");
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = DashboardServer.WorkspaceName, Level = 1 })).ToBeVisibleAsync();
        await a.ReloadAsync();
        await Expect(memberRow).ToContainTextAsync("compliant");
        await owner.AssertNoErrorsAsync();
        await member.AssertNoErrorsAsync();
    }

    /// <summary>Sets up an authenticator app on the security page, reading the key as a person would type it into oathtool.</summary>
    private static async Task EnrolAuthenticatorAsync(IPage page)
    {
        await page.GotoAsync("/account/security");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up an authenticator app" }).ClickAsync();
        var key = (await page.GetByLabel("Setup key", new() { Exact = true }).InputValueAsync()).Replace(" ", "", StringComparison.Ordinal);
        await page.GetByLabel("Code from the app").FillAsync(await Oathtool.TotpAsync(key, TimeProvider.System.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Two-factor authentication is on." })).ToBeVisibleAsync();
    }
}
