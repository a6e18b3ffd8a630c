using System.Net;
using System.Text.RegularExpressions;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Oidc;

namespace Waymark.Accounts.Tests.Sso;

/// <summary>
/// Single sign-on without a browser: starts at <c>/signin/sso</c> with a <see cref="DashboardClient"/>, follows every
/// redirect between Waymark and the <see cref="OidcProviderProcess"/> with the same cookies, and fills the provider's
/// development sign-in and consent forms, until a page that is neither a redirect nor a provider form.
/// </summary>
internal static partial class ProviderSignIn
{
    private const int MaxSteps = 20;

    /// <summary>Where the flow ended, and that page.</summary>
    public sealed record Ending(Uri Url, HttpStatusCode Status, string Html)
    {
        public bool Shows(string text) => WebUtility.HtmlDecode(Html).Contains(text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Signs in as <paramref name="login"/> at the provider after asking Waymark for the provider of <paramref name="email"/>;
    /// <paramref name="beforeCallback"/> runs just before the browser returns to Waymark.
    /// </summary>
    public static async Task<Ending> RunAsync(DashboardClient client, OidcProviderProcess provider, string email, string login, Func<Task>? beforeCallback = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(provider);
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = client.Cookies, UseCookies = true, AllowAutoRedirect = false });
        var start = await client.PostFormAsync("/signin/sso", [new("Email", email)]);
        Assert.True(start.Status == HttpStatusCode.OK && ContinueLink().Match(start.Html) is { Success: true }, $"POST /signin/sso answered {(int)start.Status}:\n{start.Html}");
        var url = new Uri(WebUtility.HtmlDecode(ContinueLink().Match(start.Html).Groups["href"].Value));
        Assert.Equal(provider.Issuer.Authority, url.Authority);
        using var first = await http.GetAsync(url);
        var response = await ReadAsync(first);
        for (var step = 0; step < MaxSteps; step++)
        {
            if (response.Status is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found)
            {
                var next = new Uri(url, response.Location);
                if (next.Authority == client.BaseAddress.Authority && url.Authority == provider.Issuer.Authority && beforeCallback is not null)
                {
                    await beforeCallback();
                }

                url = next;
                using var answer = await http.GetAsync(url);
                response = await ReadAsync(answer);
            }
            else if (url.Authority == provider.Issuer.Authority && response.Status == HttpStatusCode.OK && FormAction().Match(response.Html) is { Success: true } form)
            {
                var fields = HiddenInput().Matches(response.Html).Select(m => new KeyValuePair<string, string>(m.Groups["name"].Value, WebUtility.HtmlDecode(m.Groups["value"].Value))).ToList();
                if (response.Html.Contains("name=\"login\"", StringComparison.Ordinal))
                {
                    fields.Add(new("login", login));
                    fields.Add(new("password", "any password will do"));
                }

                url = new Uri(url, WebUtility.HtmlDecode(form.Groups["action"].Value));
                using var answer = await http.PostAsync(url, new FormUrlEncodedContent(fields));
                response = await ReadAsync(answer);
            }
            else
            {
                return new Ending(url, response.Status, response.Html);
            }
        }

        throw new InvalidOperationException($"The sign-in did not end within {MaxSteps} steps; last at {url}:\n{response.Html}\nprovider stderr:\n{provider.Errors}");
    }

    private static async Task<(HttpStatusCode Status, string? Location, string Html)> ReadAsync(HttpResponseMessage response) =>
        (response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync());

    /// <summary>The link to the provider on the page that moves on to it (the same address as its Refresh header).</summary>
    [GeneratedRegex(@"<a href=""(?<href>https?://[^""]+)"">Continue</a>")]
    private static partial Regex ContinueLink();

    [GeneratedRegex(@"<form[^>]*\saction=""(?<action>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex FormAction();

    [GeneratedRegex(@"<input[^>]*type=""hidden""[^>]*name=""(?<name>[^""]+)""[^>]*value=""(?<value>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
