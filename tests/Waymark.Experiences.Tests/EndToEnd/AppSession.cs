using Microsoft.Playwright;
using Waymark.TestSupport.Browser;

namespace Waymark.Experiences.Tests.EndToEnd;

/// <summary>One user in the sample app in a fresh browser context, and the SDK's widgets as that user sees them.</summary>
internal sealed class AppSession : IAsyncDisposable
{
    private AppSession(BrowserSession browser)
    {
        Browser = browser;
    }

    public BrowserSession Browser { get; }

    public IPage Page => Browser.Page;

    /// <summary>The SDK's host element; Playwright's locators reach into its open shadow root.</summary>
    public ILocator Widgets => Page.Locator("[data-waymark]");

    /// <summary>The checklist launcher: title and done/total.</summary>
    public ILocator Launcher => Widgets.Locator("button.k");

    /// <param name="options">A device of its own (a phone's viewport…); null for the default desktop window.</param>
    public static async Task<AppSession> OpenAsync(string url, BrowserNewContextOptions? options = null)
    {
        var browser = await (await ChromiumBrowser.Instance).NewSessionAsync(options);
        // A guard against hangs on a busy machine, not a speed check.
        browser.Page.SetDefaultTimeout(30_000);
        var session = new AppSession(browser);
        await session.Page.GotoAsync(url);
        return session;
    }

    public ILocator Dialog(string title) => Widgets.GetByRole(AriaRole.Dialog, new() { Name = title });

    /// <summary>Sends what the SDK has queued (progress events included) and waits for the server to accept it.</summary>
    public Task FlushAsync() => Page.EvaluateAsync("() => window.waymark.flush()");

    /// <summary>Fails when the browser reported anything, CSP violations by the SDK or the app included.</summary>
    public async Task AssertCleanAsync()
    {
        await Browser.SettleAsync();
        Assert.Empty(Browser.CspViolations);
        await Browser.AssertNoErrorsAsync();
    }

    public ValueTask DisposeAsync() => Browser.DisposeAsync();
}
