using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Email;
using Waymark.TestSupport.Oidc;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// Single sign-on end to end, in headless Chromium against the real <c>waymark serve</c> process and a real OpenID
/// provider (npm <c>oidc-provider</c>) on another site (localhost rather than 127.0.0.1): the owner connects the
/// provider, a newcomer signs in through the provider's pages and joins with the default role, then the workspace
/// requires single sign-on, which refuses a member's password while the owner's break-glass password still works.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class SsoTests
{
    private const string Domain = "acme.test";
    private const string NewcomerEmail = "newcomer@acme.test";
    private const string MemberEmail = "member@example.com";
    private const string MemberPassword = "copper-kettle-meadow-lark-9";

    [Fact]
    public async Task Owner_ConnectsProvider_NewcomerSignsInThroughIt_ThenSsoRequiredRefusesPasswordsButOwnersBreakGlass()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var server = await DashboardServer.StartAsync("sqlite", mail);
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        await using var newcomer = await BrowserChecks.NewSessionAsync(server);
        var a = owner.Page;
        var c = newcomer.Page;

        // A: set up, keeping the server key for the audit log at the end.
        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(a, server);

        // A member with a password, invited through the API and accepting from the email.
        await using (var invited = await BrowserChecks.NewSessionAsync(server))
        {
            await TeamSetup.JoinAsMemberAsync(server, serverKey, mail, invited.Page, MemberEmail, MemberPassword, "viewer");
            await invited.AssertNoErrorsAsync();
        }

        // A: the Single sign-on page names the redirect URI to register; the provider is set up with it.
        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Single sign-on", Exact = true }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Single sign-on", Level = 1 })).ToBeVisibleAsync();
        var redirectUri = await a.GetByLabel("Redirect URI", new() { Exact = true }).InputValueAsync();
        Assert.Equal(new Uri(server.BaseAddress, $"/signin/sso/{ws}/callback").ToString(), redirectUri);
        await using var provider = await OidcProviderProcess.StartAsync(new Uri(redirectUri));

        await a.GetByLabel("Issuer URL").FillAsync(provider.Issuer.ToString());
        await a.GetByLabel("Client ID").FillAsync(provider.ClientId);
        await a.GetByLabel("Client secret").FillAsync(provider.ClientSecret);
        await a.GetByLabel("Email domains").FillAsync(Domain);
        await a.GetByLabel("Default role").SelectOptionAsync(new SelectOptionValue { Label = "Analyst" });
        await a.GetByRole(AriaRole.Button, new() { Name = "Save single sign-on" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "Single sign-on is configured." })).ToBeVisibleAsync();
        await Expect(a.GetByLabel("Client secret")).ToHaveValueAsync("");
        Assert.DoesNotContain(provider.ClientSecret, await a.ContentAsync(), StringComparison.Ordinal);

        // C: a newcomer signs in with SSO, through the provider's own sign-in and consent pages. Those pages ask for a
        // web font from the internet, which the browser is kept from reaching: tests talk to this machine only.
        var outside = new ConcurrentQueue<string>();
        await newcomer.Context.RouteAsync(url => !new Uri(url).IsLoopback, async route =>
        {
            outside.Enqueue(route.Request.Url);
            await route.AbortAsync();
        });
        await c.GotoAsync("/signin");
        await c.GetByRole(AriaRole.Link, new() { Name = "Sign in with SSO" }).ClickAsync();
        await c.GetByLabel("Work email address").FillAsync(NewcomerEmail);
        await c.GetByRole(AriaRole.Button, new() { Name = "Continue to your identity provider" }).ClickAsync();
        await c.WaitForURLAsync(url => new Uri(url).Authority == provider.Issuer.Authority);
        await c.Locator("input[name=login]").FillAsync(NewcomerEmail);
        await c.Locator("input[name=password]").FillAsync("whatever the provider checks");
        await c.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await c.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        // Back at Waymark the completion page moves on by itself, and the session cookie goes along.
        await c.WaitForURLAsync(WorkspaceHome(), BrowserChecks.Navigated);
        Assert.Equal(ws, c.WorkspaceOf());
        await Expect(c.GetByRole(AriaRole.Heading, new() { Name = DashboardServer.WorkspaceName, Level = 1 })).ToBeVisibleAsync();
        await Expect(c.GetByText($"Signed in as {NewcomerEmail}")).ToBeVisibleAsync();

        // A: the newcomer is a member, with the default role.
        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Row).Filter(new() { HasText = NewcomerEmail })).ToContainTextAsync("Analyst");

        // A: single sign-on becomes required.
        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Sign-in policies", Exact = true }).ClickAsync();
        await a.GetByRole(AriaRole.Button, new() { Name = "Require single sign-on" }).ClickAsync();
        await Expect(a.Locator("#sso-status")).ToHaveTextAsync("required");

        // The member's right password is refused now; the owner's still signs in (break-glass).
        await using (var member = await BrowserChecks.NewSessionAsync(server))
        {
            await SignInWithPasswordAsync(member.Page, MemberEmail, MemberPassword);
            await Expect(member.Page.GetByText("Your workspace requires single sign-on.")).ToBeVisibleAsync();
            Assert.EndsWith("/signin", new Uri(member.Page.Url).AbsolutePath, StringComparison.Ordinal);
            await member.AssertNoErrorsAsync();
        }

        await using (var breakGlass = await BrowserChecks.NewSessionAsync(server))
        {
            await SignInWithPasswordAsync(breakGlass.Page, DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
            await Expect(breakGlass.Page.GetByText($"Signed in as {DashboardServer.OwnerEmail}")).ToBeVisibleAsync();
            await breakGlass.AssertNoErrorsAsync();
        }

        await owner.AssertNoErrorsAsync();

        // What the provider's pages report (their font, their missing icon) is theirs; Waymark's pages report nothing.
        await newcomer.SettleAsync();
        var ours = newcomer.Errors.Where(e => !e.Contains(provider.Issuer.Authority, StringComparison.Ordinal) && !outside.Any(url => e.Contains(url, StringComparison.Ordinal))).ToList();
        Assert.True(ours.Count == 0, "The browser reported:\n" + string.Join('\n', ours));

        var audit = await WorkspaceAuditAsync(server, serverKey);
        Assert.Contains(audit, e => e.Action == "sso.configured");
        var provisioned = Assert.Single(audit, e => e.Action == "sso.member-provisioned");
        Assert.Contains(audit, e => e.Action == "signin.succeeded" && e.ActorId == provisioned.TargetId && e.Method == "sso");
        Assert.Contains(audit, e => e.Action == "policy.sso-required-changed");
        Assert.Contains(audit, e => e.Action == "signin.failed" && e.Reason == "sso-required");
        Assert.Contains(audit, e => e.Action == "signin.break-glass");
        Assert.DoesNotContain(audit, e => e.Raw.Contains(NewcomerEmail, StringComparison.OrdinalIgnoreCase) || e.Raw.Contains(provider.ClientSecret, StringComparison.Ordinal));
    }

    private static async Task SignInWithPasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    private static async Task<IReadOnlyList<AuditLine>> WorkspaceAuditAsync(DashboardServer server, string serverKey)
    {
        using var client = TeamSetup.ApiClient(server, serverKey);
        using var response = await client.GetAsync(new Uri("v1/audit?limit=500", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /v1/audit answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => new AuditLine(
                e.GetProperty("action").GetString()!,
                e.GetProperty("actor").GetProperty("id").GetString(),
                e.GetProperty("target").GetProperty("id").GetString(),
                Detail(e, "method"),
                Detail(e, "reason"),
                e.GetRawText()))
            .ToList();
    }

    private static string? Detail(JsonElement entry, string name) =>
        entry.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var value) ? value.GetString() : null;

    private sealed record AuditLine(string Action, string? ActorId, string? TargetId, string? Method, string? Reason, string Raw);

    [GeneratedRegex(@"/w/[^/?#]+$")]
    private static partial Regex WorkspaceHome();
}
