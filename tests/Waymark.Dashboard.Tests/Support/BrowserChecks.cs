using Microsoft.Playwright;
using Waymark.TestSupport.Browser;

namespace Waymark.Dashboard.Tests.Support;

internal static class BrowserChecks
{
    /// <summary>
    /// For waiting on a navigation: the new URL is enough, since the headings and fields checked next wait for the page
    /// themselves. Waiting for the load event as well timed out in full-suite runs (TOTP sign-in, team onboarding),
    /// in WaitForLoadState after the URL had already matched.
    /// </summary>
    public static readonly PageWaitForURLOptions Navigated = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>A context for <paramref name="server"/>: relative addresses resolve against it.</summary>
    public static async Task<BrowserSession> NewSessionAsync(DashboardServer server)
    {
        var browser = await ChromiumBrowser.Instance;
        var session = await browser.NewSessionAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString() });
        // A guard against hangs, not a speed check: the suite runs its test projects side by side on two cores, and a
        // page that takes a second alone can take many times that while other projects run.
        session.Page.SetDefaultTimeout(45_000);
        return session;
    }

    /// <summary>
    /// Like <see cref="BrowserSession.AssertNoErrorsAsync"/>, but accepts Chromium's console error for the document
    /// itself answering <paramref name="status"/> ("Failed to load resource: … status of 403"), which a test expects
    /// when it opens a page it must not see. Anything else (another status, a CSP violation, a script error) fails.
    /// </summary>
    public static async Task AssertNoErrorsExceptStatusAsync(this BrowserSession session, int status)
    {
        await session.SettleAsync();
        var expected = $"status of {status}";
        var unexpected = session.Errors
            .Where(e => !(e.StartsWith("console error:", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal)))
            .ToList();
        Assert.True(unexpected.Count == 0, "The browser reported:\n" + string.Join('\n', unexpected));
    }

    /// <summary>The sidebar's navigation ("Main").</summary>
    public static ILocator Navigation(this IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    /// <summary>The workspace's public id of a page under <c>/w/{ws}</c>.</summary>
    public static string WorkspaceOf(this IPage page)
    {
        var path = new Uri(page.Url).AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return path.Length >= 2 && path[0] == "w" ? path[1] : throw new InvalidOperationException($"{page.Url} is not a workspace page.");
    }
}
