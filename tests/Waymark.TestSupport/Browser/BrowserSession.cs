using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit;

namespace Waymark.TestSupport.Browser;

/// <summary>
/// One test's browser context and page. Everything the browser complains about is recorded in <see cref="Errors"/>:
/// console errors (Chromium also logs each Content-Security-Policy refusal there, worded differently across versions),
/// uncaught page exceptions, and every <c>securitypolicyviolation</c> event, report-only ones included.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const string CspBinding = "__waymarkReportCspViolation";

    // Runs in every document before its own scripts; scripts injected this way are not subject to the page's CSP.
    private const string CspListener =
        "document.addEventListener('securitypolicyviolation', (e) => {\n" +
        "  window." + CspBinding + "(`${e.disposition} ${e.effectiveDirective}: blocked ${e.blockedURI || '(inline)'}" +
        " at ${e.sourceFile || e.documentURI}:${e.lineNumber}`);\n" +
        "}, true);";

    private readonly ConcurrentQueue<string> _errors = new();

    private BrowserSession(IBrowserContext context)
    {
        Context = context;
    }

    public IBrowserContext Context { get; }

    /// <summary>The page the session opened; more pages of <see cref="Context"/> are recorded as well.</summary>
    public IPage Page { get; private set; } = null!;

    /// <summary>What the browser reported so far, in order: "console error: …", "page error: …", "CSP violation: …".</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>The <c>securitypolicyviolation</c> events so far ("enforce script-src-elem: blocked inline at …").</summary>
    public IReadOnlyList<string> CspViolations =>
        [.. _errors.Where(e => e.StartsWith(CspPrefix, StringComparison.Ordinal)).Select(e => e[CspPrefix.Length..])];

    private const string CspPrefix = "CSP violation: ";

    /// <summary>
    /// Fails the test when the browser reported anything. Waits for the pages to finish what they were doing first:
    /// violation events are dispatched a moment after the violation.
    /// </summary>
    public async Task AssertNoErrorsAsync()
    {
        await SettleAsync();
        if (!_errors.IsEmpty)
        {
            Assert.Fail("The browser reported:\n" + string.Join('\n', _errors));
        }
    }

    /// <summary>Waits until events already raised in the pages have reached <see cref="Errors"/>.</summary>
    public async Task SettleAsync()
    {
        foreach (var page in Context.Pages)
        {
            try
            {
                // A task turn lets queued violation events fire; the round trip brings in the messages sent before it.
                await page.EvaluateAsync("() => new Promise((resolve) => setTimeout(resolve, 0))");
            }
            catch (PlaywrightException)
            {
                // Closed or navigating: nothing more will come from that document.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
    }

    internal static async Task<BrowserSession> CreateAsync(IBrowser browser, BrowserNewContextOptions? options)
    {
        var context = await browser.NewContextAsync(options);
        try
        {
            var session = new BrowserSession(context);
            context.Console += (_, message) =>
            {
                if (message.Type == "error")
                {
                    session._errors.Enqueue($"console error: {message.Text} ({message.Location})");
                }
            };
            context.WebError += (_, error) => session._errors.Enqueue($"page error: {error.Error}");
            await context.ExposeFunctionAsync(CspBinding, (string violation) => session._errors.Enqueue(CspPrefix + violation));
            await context.AddInitScriptAsync(CspListener);
            session.Page = await context.NewPageAsync();
            return session;
        }
        catch
        {
            await context.CloseAsync();
            throw;
        }
    }
}
