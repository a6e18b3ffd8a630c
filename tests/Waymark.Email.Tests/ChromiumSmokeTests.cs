using Waymark.TestSupport.Browser;
using Xunit.Sdk;

namespace Waymark.Email.Tests;

/// <summary>
/// Proves the shared browser fixture on this machine: Microsoft.Playwright's bundled driver with Debian's Chromium,
/// and that console errors and Content-Security-Policy violations are caught.
/// </summary>
public sealed class ChromiumSmokeTests
{
    [Fact]
    public async Task A_page_opens_and_its_title_can_be_read()
    {
        var browser = await ChromiumBrowser.Instance;
        await using var session = await browser.NewSessionAsync();

        await session.Page.GotoAsync("data:text/html,<title>Waymark smoke</title><p>hello</p>");

        Assert.Equal("Waymark smoke", await session.Page.TitleAsync());
        await session.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task Console_errors_and_uncaught_exceptions_are_recorded()
    {
        var browser = await ChromiumBrowser.Instance;
        await using var session = await browser.NewSessionAsync();

        await session.Page.GotoAsync("data:text/html,<script>console.error('boom'); throw new Error('kaboom');</script>");
        await session.SettleAsync();

        Assert.Contains(session.Errors, e => e.StartsWith("console error: boom", StringComparison.Ordinal));
        Assert.Contains(session.Errors, e => e.StartsWith("page error:", StringComparison.Ordinal) && e.Contains("kaboom", StringComparison.Ordinal));
        await Assert.ThrowsAsync<FailException>(session.AssertNoErrorsAsync);
    }

    [Fact]
    public async Task Content_security_policy_violations_are_recorded()
    {
        var browser = await ChromiumBrowser.Instance;
        await using var session = await browser.NewSessionAsync();
        await session.Page.RouteAsync("http://waymark.test/**", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "text/html",
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = "default-src 'self'" },
            Body = "<title>csp</title><script>document.title = 'inline ran';</script>",
        }));

        await session.Page.GotoAsync("http://waymark.test/");
        await session.SettleAsync();

        Assert.Equal("csp", await session.Page.TitleAsync());
        Assert.Contains(session.CspViolations, v => v.Contains("script-src", StringComparison.Ordinal));

        // Chromium words the console message differently across versions ("Refused to execute…", "Executing inline script
        // violates…"); the directive's name is the stable part.
        Assert.Contains(session.Errors, e => e.StartsWith("console error:", StringComparison.Ordinal) && e.Contains("Content Security Policy", StringComparison.Ordinal));
        var failure = await Assert.ThrowsAsync<FailException>(session.AssertNoErrorsAsync);
        Assert.Contains("CSP violation: enforce script-src", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_session_starts_without_the_cookies_of_another()
    {
        var browser = await ChromiumBrowser.Instance;
        await using var first = await browser.NewSessionAsync();
        await first.Context.AddCookiesAsync([new() { Name = "session", Value = "1", Url = "http://waymark.test/" }]);
        await using var second = await browser.NewSessionAsync();

        Assert.Single(await first.Context.CookiesAsync());
        Assert.Empty(await second.Context.CookiesAsync());
    }
}
