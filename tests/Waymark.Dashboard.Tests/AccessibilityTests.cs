using System.Text.Json;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>A light accessibility check of the form pages: named fields, one main heading, a main landmark and a skip link that works from the keyboard.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessibilityTests
{
    /// <summary>What a page offers assistive technology, gathered in the page.</summary>
    private const string Survey = """
        () => {
          const fields = [...document.querySelectorAll('input, select, textarea')].filter(f => f.type !== 'hidden');
          const named = f =>
            [...f.labels].some(l => l.textContent.trim() !== '') ||
            (f.getAttribute('aria-label') || '').trim() !== '' ||
            (f.getAttribute('aria-labelledby') || '').split(/\s+/).some(id => id && document.getElementById(id)?.textContent.trim());
          const skip = document.querySelector('body a[href^="#"]');
          const target = skip ? document.getElementById(skip.getAttribute('href').slice(1)) : null;
          return {
            fields: fields.length,
            unlabelled: fields.filter(f => !named(f)).map(f => f.outerHTML),
            headings: document.querySelectorAll('h1').length,
            mains: document.querySelectorAll('main, [role="main"]').length,
            skipLink: skip ? skip.textContent.trim() : '',
            skipTargetIsMain: !!target && target.matches('main, [role="main"]'),
          };
        }
        """;

    [Fact]
    public async Task Pages_AreUsableWithKeyboardLabels()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        await using var visitor = await BrowserChecks.NewSessionAsync(server);
        var page = owner.Page;
        var problems = new List<string>();

        // Setup, filled in by the fields' labels.
        problems.AddRange(await CheckAsync(page, server.SetupLink.ToString(), "setup"));
        await page.GetByLabel("Email address").FillAsync(DashboardServer.OwnerEmail);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardServer.OwnerPassword);
        await page.GetByLabel("Workspace name").FillAsync(DashboardServer.WorkspaceName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account and workspace" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Waymark is ready", Level = 1 })).ToBeVisibleAsync();
        problems.AddRange(await CheckCurrentAsync(page, "setup: the one-time keys"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to the workspace" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = DashboardServer.WorkspaceName, Level = 1 })).ToBeVisibleAsync();
        var ws = page.WorkspaceOf();

        // Invite (no mail server here, so the page shows the link to pass on), then the keys page.
        problems.AddRange(await CheckAsync(page, $"/w/{ws}/members/invite", "invite"));
        await page.GetByLabel("Email address").FillAsync("colleague@example.com");
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Viewer" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        var invitationLink = await page.GetByLabel("Invitation link", new() { Exact = true }).InputValueAsync();
        problems.AddRange(await CheckCurrentAsync(page, "invite: the link to pass on"));
        problems.AddRange(await CheckAsync(page, $"/w/{ws}/keys", "keys"));
        foreach (var (path, name) in new[]
        {
            ("/account/passkeys", "passkeys"), ("/account/password", "password"), ($"/w/{ws}/settings/sso", "single sign-on"), ($"/w/{ws}/people", "people"),
            ($"/w/{ws}/firewall", "firewall"), ($"/w/{ws}/firewall/limits", "rate limits"),
        })
        {
            problems.AddRange(await CheckAsync(page, path, name));
        }

        // Someone not signed in: the sign-in page and the invitation's page.
        problems.AddRange(await CheckAsync(visitor.Page, "/signin", "sign-in"));
        problems.AddRange(await CheckAsync(visitor.Page, "/signin/sso", "sign in with SSO"));
        problems.AddRange(await CheckAsync(visitor.Page, invitationLink, "accept an invitation"));
        await Expect(visitor.Page.GetByLabel("Choose a password")).ToBeEditableAsync();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        await owner.AssertNoErrorsAsync();
        await visitor.AssertNoErrorsAsync();
    }

    private static async Task<IEnumerable<string>> CheckAsync(IPage page, string address, string name)
    {
        var response = await page.GotoAsync(address);
        Assert.True(response?.Status == 200, $"{name} ({address}) answered {response?.Status}");
        var problems = (await CheckCurrentAsync(page, name)).ToList();

        // From a freshly loaded page, the first Tab reaches the skip link, and Enter moves the focus to the main content.
        await page.Keyboard.PressAsync("Tab");
        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.textContent?.trim() ?? ''");
        if (focused != "Skip to main content")
        {
            problems.Add($"{name}: the first Tab focuses \"{focused}\", not the skip link");
        }
        else
        {
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("main")).ToBeFocusedAsync();
        }

        return problems;
    }

    private static async Task<IEnumerable<string>> CheckCurrentAsync(IPage page, string name)
    {
        var survey = await page.EvaluateAsync<JsonElement>(Survey);
        var problems = new List<string>();
        if (survey.GetProperty("fields").GetInt32() == 0)
        {
            problems.Add($"{name}: no form fields found (is this the right page?)");
        }

        problems.AddRange(survey.GetProperty("unlabelled").EnumerateArray().Select(f => $"{name}: a field without a label: {f.GetString()}"));
        if (survey.GetProperty("headings").GetInt32() is var headings and not 1)
        {
            problems.Add($"{name}: {headings} <h1> elements, not exactly one");
        }

        if (survey.GetProperty("mains").GetInt32() is var mains and not 1)
        {
            problems.Add($"{name}: {mains} main landmarks, not exactly one");
        }

        if (survey.GetProperty("skipLink").GetString() is not { Length: > 0 } || !survey.GetProperty("skipTargetIsMain").GetBoolean())
        {
            problems.Add($"{name}: no skip link to the main content");
        }

        return problems;
    }
}
