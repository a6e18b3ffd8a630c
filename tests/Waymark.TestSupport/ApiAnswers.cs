using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Waymark.TestSupport;

/// <summary>Request bodies and answer checks every API test writes the same way.</summary>
public static class ApiAnswers
{
    public static StringContent Json(object value) => new(System.Text.Json.JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>Asserts a problem+json answer with the given status and type (the last segment of its type URI).</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("https://waymark.dev/problems/" + type, (string?)problem["type"]);
        return problem;
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
