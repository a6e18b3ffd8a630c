using System.Net;
using System.Text.RegularExpressions;

namespace Waymark.TestSupport.Dashboard;

/// <summary>
/// A browser without JavaScript for the server-rendered dashboard: keeps cookies (the session, antiforgery and notice
/// cookies), does not follow redirects (tests look at them), reads the antiforgery token out of a page's form and posts
/// forms with it, as a browser submitting the form would.
/// </summary>
public sealed partial class DashboardClient : IDisposable
{
    public const string SessionCookie = "waymark.session";
    public const string AntiforgeryField = "__RequestVerificationToken";

    private readonly HttpClient _http;

    public DashboardClient(Uri baseAddress)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = Cookies,
            UseCookies = true,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = baseAddress,
        };
    }

    public Uri BaseAddress { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The session cookie's value, or null when not signed in.</summary>
    public string? Session => Cookies.GetCookies(BaseAddress)[SessionCookie]?.Value;

    public async Task<DashboardPage> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return await DashboardPage.ReadAsync(response);
    }

    /// <summary>
    /// Opens <paramref name="formPage"/> (the page with the form, as a browser would have), takes its antiforgery token,
    /// and posts <paramref name="fields"/> with it to <paramref name="action"/> (the form page itself when null).
    /// </summary>
    public async Task<DashboardPage> PostFormAsync(string formPage, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var page = await GetAsync(formPage);
        if (page.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {formPage} answered {(int)page.Status} {page.Location}, not the form.\n{page.Html}");
        }

        return await PostAsync(action ?? formPage, fields, AntiforgeryToken(page.Html));
    }

    /// <summary>Posts a form with a given antiforgery token (or none, to see the refusal).</summary>
    public async Task<DashboardPage> PostAsync(string action, IEnumerable<KeyValuePair<string, string>> fields, string? antiforgeryToken)
    {
        var all = fields.ToList();
        if (antiforgeryToken is not null)
        {
            all.Add(new(AntiforgeryField, antiforgeryToken));
        }

        using var content = new FormUrlEncodedContent(all);
        using var response = await _http.PostAsync(new Uri(action, UriKind.Relative), content);
        return await DashboardPage.ReadAsync(response);
    }

    /// <summary>Signs in through the form; answers the form's response (a redirect on success).</summary>
    public Task<DashboardPage> TrySignInAsync(string email, string password) =>
        PostFormAsync("/signin", [new("Email", email), new("Password", password)]);

    /// <summary>Signs in through the form and fails when that does not work.</summary>
    public async Task SignInAsync(string email, string password)
    {
        var answer = await TrySignInAsync(email, password);
        if (answer.Status != HttpStatusCode.Redirect || Session is null)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)answer.Status} (location {answer.Location}).\n{answer.Html}");
        }
    }

    /// <summary>The antiforgery token of the first form in <paramref name="html"/>.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryInput().Match(html);
        return match.Success
            ? WebUtility.HtmlDecode(match.Groups["value"].Value)
            : throw new InvalidOperationException("The page has no form with an antiforgery token:\n" + html);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex(@"<input\b[^>]*\bname=""__RequestVerificationToken""[^>]*\bvalue=""(?<value>[^""]*)""|<input\b[^>]*\bvalue=""(?<value>[^""]*)""[^>]*\bname=""__RequestVerificationToken""")]
    private static partial Regex AntiforgeryInput();
}

/// <summary>A dashboard answer: status, where a redirect goes, and the HTML.</summary>
public sealed record DashboardPage(HttpStatusCode Status, string? Location, string Html)
{
    public static async Task<DashboardPage> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l.PathAndQuery : l.OriginalString) : null;
        return new DashboardPage(response.StatusCode, location, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Whether the page shows <paramref name="text"/> (compared after HTML decoding).</summary>
    public bool Shows(string text) => WebUtility.HtmlDecode(Html).Contains(text, StringComparison.Ordinal);
}
