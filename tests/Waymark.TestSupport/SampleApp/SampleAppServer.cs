using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Waymark.TestSupport.SampleApp;

/// <summary>
/// A customer's web app on an origin of its own (another port is another origin), loading the SDK from Waymark's
/// origin under a strict Content-Security-Policy: the SDK must work with no inline script, no eval and no inline styles.
/// </summary>
public sealed class SampleAppServer : IAsyncDisposable
{
    private static readonly string Files = Path.Combine(AppContext.BaseDirectory, "SampleApp", "site");

    private readonly WebApplication _app;

    private SampleAppServer(WebApplication app, Uri baseAddress, string policy)
    {
        _app = app;
        BaseAddress = baseAddress;
        Policy = policy;
    }

    public Uri BaseAddress { get; }

    /// <summary>The Content-Security-Policy header of the app's pages.</summary>
    public string Policy { get; }

    public static async Task<SampleAppServer> StartAsync(Uri waymark)
    {
        var origin = waymark.GetLeftPart(UriPartial.Authority);
        var policy = $"default-src 'self'; script-src 'self' {origin}; style-src 'self'; connect-src {origin}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/index.html", () => Page("index.html", origin, policy));
        app.MapGet("/spa/{**route}", () => Page(Path.Combine("spa", "index.html"), origin, policy));
        app.MapGet("/app.js", () => Results.File(Path.Combine(Files, "app.js"), "text/javascript"));
        app.MapGet("/app.css", () => Results.File(Path.Combine(Files, "app.css"), "text/css"));
        // Chromium asks for it on its own; answering keeps a 404 out of the console errors the tests check.
        app.MapGet("/favicon.ico", () => Results.NoContent());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SampleAppServer(app, new Uri(address), policy);
    }

    /// <summary>The address of <paramref name="path"/> with the settings app.js reads from the query string.</summary>
    public string Url(string path, string writeKey, string userId, string plan) =>
        new Uri(BaseAddress, $"{path}?key={Uri.EscapeDataString(writeKey)}&user={Uri.EscapeDataString(userId)}&plan={Uri.EscapeDataString(plan)}").ToString();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<IResult> Page(string file, string origin, string policy)
    {
        var html = (await File.ReadAllTextAsync(Path.Combine(Files, file))).Replace("{{WAYMARK_ORIGIN}}", origin, StringComparison.Ordinal);
        return new PageResult(html, policy);
    }

    private sealed class PageResult(string html, string policy) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentSecurityPolicy = policy;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(html);
        }
    }
}
