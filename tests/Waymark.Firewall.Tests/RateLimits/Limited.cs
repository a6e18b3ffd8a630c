using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit;
using Waymark.TestSupport;

namespace Waymark.Firewall.Tests.RateLimits;

/// <summary>Servers started with small instance limits, and the calls the rate-limit tests make.</summary>
internal static class Limited
{
    /// <summary>
    /// More requests than any limit under test. The buckets refill in real time, so a test sends until refused rather
    /// than expecting the refusal at an exact count; this bounds the loop.
    /// </summary>
    public const int Attempts = 40;

    public static Task<WaymarkTestServer> StartAsync(string provider, int? writeKey = null, int? serverKey = null, int? workspace = null, int? address = null, TimeProvider? clock = null)
    {
        var configuration = new Dictionary<string, string?>();
        Add(configuration, "WriteKeyPerMinute", writeKey);
        Add(configuration, "ServerKeyPerMinute", serverKey);
        Add(configuration, "WorkspacePerMinute", workspace);
        Add(configuration, "AddressPerMinute", address);
        return WaymarkTestServer.StartAsync(provider, configuration, clock: clock);
    }

    /// <summary>Sends until a request is refused with 429 (failing the test if none is) and returns the refusal and how many got through.</summary>
    public static async Task<(HttpResponseMessage Refused, int Passed)> SendUntilRefusedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var passed = 0; passed < Attempts; passed++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return (response, passed);
            }
        }

        throw new Xunit.Sdk.XunitException($"No request of {Attempts} was refused with 429.");
    }

    public static Task<HttpResponseMessage> TrackAsync(HttpClient writeKey) =>
        writeKey.PostAsync("/v1/track", Json(new { userId = "u-limit", @event = "Limited" }));

    /// <summary>The refusal's problem body, after checking that it is a 429 problem with a usable <c>Retry-After</c>.</summary>
    public static async Task<JsonObject> AssertRateLimitedAsync(HttpResponseMessage response, string limit)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.True(int.Parse(retryAfter, CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(429, (int)problem["status"]!);
        Assert.Equal("https://waymark.dev/problems/rate-limited", (string?)problem["type"]);
        Assert.Equal(limit, (string?)problem["limit"]);
        Assert.Contains("Retry-After", (string?)problem["detail"], StringComparison.Ordinal);
        return problem;
    }

    public static async Task<IReadOnlyList<AuditEntryView>> AuditAsync(WaymarkTestServer server, long workspaceId, string action)
    {
        var page = await server.Services.GetRequiredService<AuditQuery>().ListAsync(workspaceId, new AuditFilter(Action: action), null, AuditQuery.MaxLimit);
        return page.Entries;
    }

    public static async Task<JsonObject> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>A server key of the workspace holding only <paramref name="scopes"/>.</summary>
    public static async Task<HttpClient> KeyClientAsync(WaymarkTestServer server, HttpClient full, params string[] scopes)
    {
        var created = await full.PostAsync("/v1/keys", Json(new { name = "narrow", scopes }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!;
        return server.ServerKeyClient(secret);
    }

    private static void Add(Dictionary<string, string?> configuration, string name, int? value)
    {
        if (value is { } perMinute)
        {
            configuration["Waymark:Firewall:RateLimits:" + name] = perMinute.ToString(CultureInfo.InvariantCulture);
        }
    }
}
