using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>What the pages promise the browser: a strict Content-Security-Policy they can live with, and forms that only accept posts carrying an antiforgery token.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class PageSecurityTests(SetUpServerFixture fixture) : IClassFixture<SetUpServerFixture>
{
    private DashboardServer Server => fixture.Server;

    private string Ws => fixture.Workspace;

    [Fact]
    public async Task EveryDashboardPage_HasNoInlineScriptOrStyle_AndSendsStrictCsp()
    {
        await using var session = await BrowserChecks.NewSessionAsync(Server);
        var page = session.Page;
        var problems = new List<string>();

        // The sign-in page, before signing in through it.
        problems.AddRange((await CheckPageAsync(page, "/signin/sso")).Problems);
        problems.AddRange((await CheckPageAsync(page, "/signin/passkey")).Problems);
        problems.AddRange((await CheckPageAsync(page, "/signin")).Problems);
        await page.GetByLabel("Email address").FillAsync(DashboardServer.OwnerEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardServer.OwnerPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workspaces", Level = 1 })).ToBeVisibleAsync();

        // Every page the navigation of the workspace links to.
        await page.GotoAsync($"/w/{Ws}");
        var navigation = await page.Navigation().Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        var linked = navigation.Distinct(StringComparer.Ordinal).ToList();
        foreach (var expected in new[]
        {
            "/", $"/w/{Ws}", $"/w/{Ws}/members", $"/w/{Ws}/roles", $"/w/{Ws}/keys", $"/w/{Ws}/settings", $"/w/{Ws}/settings/security", $"/w/{Ws}/settings/sso",
            $"/w/{Ws}/audit", $"/w/{Ws}/people", $"/w/{Ws}/firewall", "/account/security", "/account/sessions", "/account/password",
            $"/w/{Ws}/segments", $"/w/{Ws}/experiences/flows", $"/w/{Ws}/experiences/checklists", $"/w/{Ws}/experiences/install", $"/w/{Ws}/settings/identity-verification",
        })
        {
            Assert.Contains(expected, linked);
        }

        // And the pages one step further: forms the navigation's pages lead to.
        await page.GotoAsync($"/w/{Ws}/members");
        var ownerPage = await page.GetByRole(AriaRole.Link, new() { Name = $"Manage {DashboardServer.OwnerEmail}" }).GetAttributeAsync("href");
        Assert.NotNull(ownerPage);
        string[] further = [$"/w/{Ws}/members/invite", $"/w/{Ws}/roles/new", ownerPage, "/workspaces/new", "/account/passkeys", $"/w/{Ws}/firewall/limits", $"/w/{Ws}/segments/new", $"/w/{Ws}/experiences/flows/edit", $"/w/{Ws}/experiences/checklists/edit"];

        var postForms = 0;
        foreach (var path in linked.Concat(further))
        {
            var (pageProblems, forms) = await CheckPageAsync(page, path);
            problems.AddRange(pageProblems);
            postForms += forms;
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));

        // Not a vacuous pass: every signed-in page has at least the sign-out form.
        Assert.True(postForms >= linked.Count + further.Length, $"only {postForms} POST forms found");
        await session.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task Form_WithoutAntiforgeryToken_IsRejected()
    {
        using var client = new DashboardClient(Server.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin")).Status);

        // Right credentials, but no token: refused, and nobody is signed in.
        var signIn = await client.PostAsync("/signin", [new("Email", DashboardServer.OwnerEmail), new("Password", DashboardServer.OwnerPassword)], antiforgeryToken: null);

        Assert.Equal(HttpStatusCode.BadRequest, signIn.Status);
        Assert.Null(client.Session);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.Status);
        Assert.StartsWith("/signin", home.Location, StringComparison.OrdinalIgnoreCase);

        // Signed in properly, a change posted without the token is refused too and leaves the workspace as it was.
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        var createRole = await client.PostAsync($"/w/{Ws}/roles/new", [new("Name", "Forged role"), new("Grants", "workspace:view")], antiforgeryToken: null);

        Assert.Equal(HttpStatusCode.BadRequest, createRole.Status);
        var roles = await client.GetAsync($"/w/{Ws}/roles");
        Assert.Equal(HttpStatusCode.OK, roles.Status);
        Assert.True(roles.Shows("Owner"));
        Assert.False(roles.Shows("Forged role"));

        // The same form with the token the page gave: accepted, so the refusal above was the token's doing.
        var withToken = await client.PostFormAsync($"/w/{Ws}/roles/new", [new("Name", "Genuine role"), new("Grants", "workspace:view")]);
        Assert.Equal(HttpStatusCode.Redirect, withToken.Status);
        Assert.True((await client.GetAsync($"/w/{Ws}/roles")).Shows("Genuine role"));
    }

    /// <summary>Opens <paramref name="path"/> and answers what is wrong with it (nothing, for a good page).</summary>
    private static async Task<(IReadOnlyList<string> Problems, int PostForms)> CheckPageAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        if (response is null || response.Status != 200)
        {
            return ([$"{path}: answered {response?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}, not 200"], 0);
        }

        var problems = new List<string>();
        var csp = await response.HeaderValueAsync("content-security-policy");
        if (csp is null)
        {
            problems.Add($"{path}: no Content-Security-Policy header");
        }
        else
        {
            if (!csp.Contains("script-src 'self'", StringComparison.Ordinal))
            {
                problems.Add($"{path}: the CSP has no script-src 'self': {csp}");
            }

            if (csp.Contains("unsafe-inline", StringComparison.Ordinal) || csp.Contains("unsafe-eval", StringComparison.Ordinal))
            {
                problems.Add($"{path}: the CSP allows unsafe-inline or unsafe-eval: {csp}");
            }
        }

        var html = await response.TextAsync();
        foreach (Match script in ScriptTag().Matches(html))
        {
            // A chart's data island (type application/json) is not run, so the CSP has nothing to refuse there.
            var attributes = script.Groups["attributes"].Value;
            if (!SrcAttribute().IsMatch(attributes) && !JsonType().IsMatch(attributes))
            {
                problems.Add($"{path}: inline script {script.Value}");
            }
        }

        foreach (Match style in StyleAttribute().Matches(html))
        {
            problems.Add($"{path}: style attribute in {style.Value}");
        }

        if (StyleElement().IsMatch(html))
        {
            problems.Add($"{path}: <style> element");
        }

        var postForms = 0;
        foreach (Match form in Form().Matches(html))
        {
            if (!PostMethod().IsMatch(form.Groups["attributes"].Value))
            {
                continue;
            }

            postForms++;
            if (!form.Groups["body"].Value.Contains($"name=\"{DashboardClient.AntiforgeryField}\"", StringComparison.Ordinal))
            {
                problems.Add($"{path}: a POST form without {DashboardClient.AntiforgeryField}: <form{form.Groups["attributes"].Value}>");
            }
        }

        return (problems, postForms);
    }

    [GeneratedRegex(@"<script\b(?<attributes>[^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex(@"\ssrc\s*=\s*[""']?[^""'\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex SrcAttribute();

    [GeneratedRegex(@"\stype\s*=\s*[""']?application/json[""'\s>]", RegexOptions.IgnoreCase)]
    private static partial Regex JsonType();

    [GeneratedRegex(@"<[a-z][a-z0-9-]*\b[^>]*\sstyle\s*=[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex(@"<style\b", RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();

    [GeneratedRegex(@"<form\b(?<attributes>[^>]*)>(?<body>.*?)</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Form();

    [GeneratedRegex(@"\smethod\s*=\s*[""']?post\b", RegexOptions.IgnoreCase)]
    private static partial Regex PostMethod();
}
