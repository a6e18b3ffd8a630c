using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests.Support;

/// <summary>
/// End users' data for the People page's tests, sent through the tracking API as an app would, and a workspace set up
/// without a browser whose keys the tests keep.
/// </summary>
internal static partial class PeopleData
{
    /// <summary>
    /// Sets the instance up through the setup form as <see cref="DashboardServer.OwnerEmail"/>, without a browser, and
    /// answers the workspace's public id with its write and server keys, which that page shows once.
    /// </summary>
    public static async Task<(string Ws, string WriteKey, string ServerKey)> SetUpAsync(DashboardServer server)
    {
        using var client = new DashboardClient(server.BaseAddress);
        var token = System.Web.HttpUtility.ParseQueryString(server.SetupLink.Query)["token"]!;
        var answer = await client.PostFormAsync(
            server.SetupLink.PathAndQuery,
            [new("Token", token), new("Email", DashboardServer.OwnerEmail), new("Password", DashboardServer.OwnerPassword), new("WorkspaceName", DashboardServer.WorkspaceName)]);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return (WorkspaceLink().Match(answer.Html).Groups["ws"].Value, Secret(answer.Html, "write-key"), Secret(answer.Html, "server-key"));
    }

    /// <summary>A new write key, rotated in through the API with <paramref name="serverKey"/> (the old one keeps working).</summary>
    public static async Task<string> RotateWriteKeyAsync(DashboardServer server, string serverKey)
    {
        using var client = TeamSetup.ApiClient(server, serverKey);
        using var rotated = await client.PostAsJsonAsync(new Uri("v1/keys/write/rotate", UriKind.Relative), new { });
        Assert.True(rotated.IsSuccessStatusCode, await rotated.Content.ReadAsStringAsync());
        return (string)(await rotated.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!;
    }

    /// <summary>A client that sends events with <paramref name="writeKey"/>, as the SDKs do (HTTP Basic, the key as user name).</summary>
    public static HttpClient WriteClient(DashboardServer server, string writeKey)
    {
        var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        return client;
    }

    /// <summary>Sends one tracking call (<c>identify</c>, <c>track</c>, …) and expects it accepted.</summary>
    public static async Task SendAsync(HttpClient write, string call, object body)
    {
        using var response = await write.PostAsJsonAsync(new Uri("v1/" + call, UriKind.Relative), body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends <paramref name="count"/> track calls for <paramref name="userId"/>, in batches as large as the API takes.</summary>
    public static async Task SendTracksAsync(HttpClient write, string userId, int count)
    {
        const int PerBatch = 2_500;
        for (var start = 0; start < count; start += PerBatch)
        {
            var batch = new JsonArray();
            for (var i = start; i < Math.Min(count, start + PerBatch); i++)
            {
                batch.Add(new JsonObject { ["type"] = "track", ["userId"] = userId, ["event"] = "Opened report", ["messageId"] = $"m-{userId}-{i}" });
            }

            await SendAsync(write, "batch", new JsonObject { ["batch"] = batch });
        }
    }

    private static string Secret(string html, string id) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"""<input id="{id}"[^>]*\svalue="(?<value>[^"]+)""").Groups["value"].Value);

    [GeneratedRegex(@"href=""/w/(?<ws>[^""/?]+)""")]
    private static partial Regex WorkspaceLink();
}
