using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests.Analytics;

/// <summary>Events sent through <c>/v1/batch</c> at chosen times, and the analytics pages read back once they count them.</summary>
internal static partial class AnalyticsEvents
{
    public static JsonObject Track(string user, string name, string timestamp, JsonObject? properties = null) => new()
    {
        ["type"] = "track", ["userId"] = user, ["event"] = name, ["timestamp"] = timestamp,
        ["messageId"] = Guid.NewGuid().ToString(), ["properties"] = properties ?? [],
    };

    public static async Task SendAsync(KeyedWorkspaceFixture fixture, params JsonObject[] events)
    {
        using var write = PeopleData.WriteClient(fixture.Server, fixture.WriteKey);
        await PeopleData.SendAsync(write, "batch", new JsonObject { ["batch"] = new JsonArray(events) });
    }

    public static Task<DashboardPage> WaitForAsync(DashboardClient client, string path, string expected) => PageWaits.UntilShowsAsync(client, path, expected);

    /// <summary>The body rows of the chart table <paramref name="id"/>, each as its header and cells.</summary>
    public static List<string[]> Rows(DashboardPage page, string id)
    {
        var table = Regex.Match(page.Html, $"""<table id="{id}-table">.*?</table>""", RegexOptions.Singleline).Value;
        var body = Regex.Match(table, "<tbody>.*?</tbody>", RegexOptions.Singleline).Value;
        return Row().Matches(body).Select(r => Cell().Matches(r.Value).Select(c => WebUtility.HtmlDecode(c.Groups["v"].Value.Trim())).ToArray()).ToList();
    }

    public static JsonNode Island(DashboardPage page, string id) =>
        JsonNode.Parse(WebUtility.HtmlDecode(Regex.Match(page.Html, $"""<script type="application/json" id="{id}-data">(?<json>.*?)</script>""", RegexOptions.Singleline).Groups["json"].Value))!;

    public static string CsvLink(DashboardPage page) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, """<a href="(?<href>[^"]*)" download>Download CSV""").Groups["href"].Value);

    public static async Task<string> CsvAsync(KeyedWorkspaceFixture fixture, DashboardClient client, string link)
    {
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = client.Cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.Server.BaseAddress };
        using var csv = await http.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        return await csv.Content.ReadAsStringAsync();
    }

    /// <summary>
    /// What <c>/v1/analytics</c> answers, read with the server key, for the query of the page's CSV link
    /// <paramref name="link"/>: the API's endpoints are named as the pages are.
    /// </summary>
    public static async Task<string> ApiCsvAsync(KeyedWorkspaceFixture fixture, string link)
    {
        using var api = fixture.Api();
        using var csv = await api.GetAsync(new Uri(link.Replace($"/w/{fixture.Ws}/analytics/", "/v1/analytics/", StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        return await csv.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex("<t[hd][^>]*>(?<v>.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex Cell();
}
