using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Export;

/// <summary>
/// A user whose stored values are hard to carry through CSV: commas, quotes, line breaks, unicode, numbers, booleans,
/// null, nested objects and arrays, and a value starting with <c>=</c> (a spreadsheet formula).
/// </summary>
internal sealed class ExportSeed
{
    public const string UserId = "u-export, \"quoted\"\nline";
    public const string CompanyId = "c-export=1+1";

    public JsonObject Traits { get; } = Tricky("trait");

    public JsonObject Properties { get; } = Tricky("prop");

    public JsonObject Context { get; } = JsonNode.Parse("""{"ip": "203.0.113.9", "library": {"name": "analytics-node", "version": "6.2.0"}, "locale": "de-CH"}""")!.AsObject();

    public JsonObject CompanyTraits { get; } = JsonNode.Parse("""{"name": "Acme, \"Inc.\"", "employees": 250, "formula": "=1+1"}""")!.AsObject();

    public string EventName { get; } = "Clicked \"Buy\", then =SUM(A1)";

    public DateTimeOffset FirstTimestamp { get; } = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    public static JsonObject Tricky(string prefix) => JsonNode.Parse($$"""
        {
          "{{prefix}}_comma": "a, b, c",
          "{{prefix}}_quotes": "she said \"hi\" ''",
          "{{prefix}}_lines": "line1\nline2\r\nline3\rend",
          "{{prefix}}_unicode": "Zürich 東京 🚀 \u0007 \t tab",
          "{{prefix}}_int": 42,
          "{{prefix}}_negative": -7,
          "{{prefix}}_float": 3.25,
          "{{prefix}}_big": 12345678901234567,
          "{{prefix}}_true": true,
          "{{prefix}}_false": false,
          "{{prefix}}_null": null,
          "{{prefix}}_empty": "",
          "{{prefix}}_nested": {"street": "1 Main St, Apt \"4\"", "tags": ["a", "b,c", {"deep": [1, 2.5, null]}]},
          "{{prefix}}_formula": "=HYPERLINK(\"http://evil.example\",\"click\")",
          "{{prefix}}_plus": "+1 555 0100",
          "{{prefix}} key, with \"odd\" chars\n": "odd key"
        }
        """)!.AsObject();

    /// <summary>Sends identify, <paramref name="tracks"/> track calls, a page and a group call for the user.</summary>
    public async Task SendAsync(WorkspaceClient api, int tracks = 1, string userId = UserId)
    {
        var batch = new JsonArray
        {
            Call("identify", userId, "m-identify", 0, new JsonObject { ["traits"] = Traits.DeepClone() }),
        };
        for (var i = 0; i < tracks; i++)
        {
            batch.Add(Call("track", userId, "m-track-" + i, 1 + i, new JsonObject { ["event"] = EventName, ["properties"] = Properties.DeepClone(), ["context"] = Context.DeepClone() }));
        }

        batch.Add(Call("page", userId, "m-page", tracks + 1, new JsonObject { ["name"] = "Pricing – ünïcode", ["properties"] = new JsonObject { ["url"] = "https://example.test/?a=1,b=2" } }));
        batch.Add(Call("group", userId, "m-group", tracks + 2, new JsonObject { ["groupId"] = CompanyId, ["traits"] = CompanyTraits.DeepClone() }));
        var response = await api.Write.PostAsync("/v1/batch", new StringContent(new JsonObject { ["batch"] = batch }.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private JsonObject Call(string type, string userId, string messageId, int minutes, JsonObject fields)
    {
        fields["type"] = type;
        fields["userId"] = userId;
        fields["messageId"] = messageId;
        fields["timestamp"] = FirstTimestamp.AddMinutes(minutes).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return fields;
    }
}
