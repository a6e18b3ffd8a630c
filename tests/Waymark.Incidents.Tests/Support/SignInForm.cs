using System.Net;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Incidents.Tests.Support;

/// <summary>
/// The dashboard's sign-in form submitted as a browser would (GET the form, POST it with its antiforgery token), from a
/// chosen client address: the test server trusts 127.0.0.1 as a proxy, so <c>X-Forwarded-For</c> names the address.
/// </summary>
internal static class SignInForm
{
    public static async Task<HttpStatusCode> SubmitAsync(Uri server, string address, string email, string password)
    {
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = server };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        var form = await DashboardPage.ReadAsync(await http.GetAsync(new Uri("/signin", UriKind.Relative)));
        using var content = new FormUrlEncodedContent([new("Email", email), new("Password", password), new(DashboardClient.AntiforgeryField, DashboardClient.AntiforgeryToken(form.Html))]);
        using var response = await http.PostAsync(new Uri("/signin", UriKind.Relative), content);
        return response.StatusCode;
    }

    /// <summary>An address from the benchmarking range (198.18.0.0/15) that, most likely, no other test uses.</summary>
    public static string NewAddress()
    {
        var bytes = Guid.NewGuid().ToByteArray();
        return $"198.{18 + (bytes[0] & 1)}.{bytes[1]}.{Math.Max((int)bytes[2], 1)}";
    }
}
