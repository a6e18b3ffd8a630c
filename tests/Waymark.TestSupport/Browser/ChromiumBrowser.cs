using Microsoft.Playwright;

namespace Waymark.TestSupport.Browser;

/// <summary>
/// One headless Chromium per test process, driven by Microsoft.Playwright. It is Debian's <c>/usr/bin/chromium</c>
/// (installed by <c>scripts/test.sh</c>), never a browser Playwright downloads: those downloads cannot be reached
/// from CI. Each test takes its own <see cref="BrowserSession"/> (a fresh context: no cookies or storage shared).
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    /// <summary>Debian's Chromium; <c>WAYMARK_CHROMIUM</c> overrides it.</summary>
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    private static readonly Lazy<Task<ChromiumBrowser>> Shared = new(LaunchSharedAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The process-wide browser, launched on first use and closed when the test process exits.</summary>
    public static Task<ChromiumBrowser> Instance => Shared.Value;

    public IBrowser Browser { get; }

    /// <summary>Launches a browser of its own (most tests want <see cref="Instance"/>).</summary>
    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("WAYMARK_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : DefaultExecutablePath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {executable}: run the tests with `bash scripts/test.sh`, which installs it " +
                "(Debian package `chromium`), or set WAYMARK_CHROMIUM to a Chromium binary.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,

                // Chromium's sandbox refuses to run as root, and CI runs as root.
                Args = ["--no-sandbox"],
            });
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh context and page that record console errors, page errors and CSP violations.</summary>
    public Task<BrowserSession> NewSessionAsync(BrowserNewContextOptions? options = null) =>
        BrowserSession.CreateAsync(Browser, options);

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }

    private static async Task<ChromiumBrowser> LaunchSharedAsync()
    {
        var browser = await LaunchAsync();

        // The driver would also end with the test process (its stdin closes), but closing keeps Chromium from
        // lingering while it notices.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                browser.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Exiting anyway.
            }
            catch (PlaywrightException)
            {
            }
        };
        return browser;
    }
}
