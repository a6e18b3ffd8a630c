using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Retention;

/// <summary><c>GET</c> and <c>PUT /v1/retention</c>: days from 1 to 3650 or null (forever), validated, permission-checked and audited.</summary>
public abstract class RetentionSettingTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Put_ThenGet_RoundTripsDaysAndForever_AndIsAuditedWithOldAndNew()
    {
        var api = await CreateAsync(server);
        Assert.Null((await GetJsonAsync(api.Full, "/v1/retention"))["event_retention_days"]);

        var set = await api.Full.PutAsync("/v1/retention", Json(new { event_retention_days = 30 }));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(30, (int?)JsonNode.Parse(await set.Content.ReadAsStringAsync())!["event_retention_days"]);
        Assert.Equal(30, (int?)(await GetJsonAsync(api.Full, "/v1/retention"))["event_retention_days"]);

        Assert.Equal(HttpStatusCode.OK, (await PutRawAsync(api.Full, """{"event_retention_days": null}""")).StatusCode);
        var forever = await GetJsonAsync(api.Full, "/v1/retention");
        Assert.True(forever.ContainsKey("event_retention_days"));
        Assert.Null(forever["event_retention_days"]);

        var entries = await api.AuditAsync("settings.retention-changed");
        Assert.Equal(2, entries.Count);
        Assert.Equal(("30", "forever"), ((string?)entries[0]["details"]!["old_days"], (string?)entries[0]["details"]!["new_days"]));
        Assert.Equal(("forever", "30"), ((string?)entries[1]["details"]!["old_days"], (string?)entries[1]["details"]!["new_days"]));
    }

    [Fact]
    public async Task Put_InvalidValue_Returns400AndKeepsTheSetting()
    {
        var api = await CreateAsync(server);
        await api.Full.PutAsync("/v1/retention", Json(new { event_retention_days = 90 }));
        string[] bodies =
        [
            """{"event_retention_days": 0}""", """{"event_retention_days": 3651}""", """{"event_retention_days": -5}""",
            """{"event_retention_days": 1.5}""", """{"event_retention_days": "30"}""", """{"event_retention_days": true}""",
            "{}", "[]", "not json", """{"days": 30}""",
        ];

        foreach (var body in bodies)
        {
            var answer = await PutRawAsync(api.Full, body);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(90, (int?)(await GetJsonAsync(api.Full, "/v1/retention"))["event_retention_days"]);
        Assert.Single(await api.AuditAsync("settings.retention-changed"));
    }

    [Fact]
    public async Task Put_WithoutSettingsManage_Returns403_AndGetNeedsWorkspaceView()
    {
        var api = await CreateAsync(server);
        using var viewer = await api.KeyClientAsync("workspace:view");
        using var reader = await api.KeyClientAsync("data:read");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync("/v1/retention", Json(new { event_retention_days = 7 }))).StatusCode);
        Assert.Null((await GetJsonAsync(viewer, "/v1/retention"))["event_retention_days"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/v1/retention")).StatusCode);
        Assert.Empty(await api.AuditAsync("settings.retention-changed"));
    }

    private static Task<HttpResponseMessage> PutRawAsync(HttpClient client, string body) =>
        client.PutAsync("/v1/retention", new StringContent(body, Encoding.UTF8, "application/json"));
}

public sealed class SqliteRetentionSettingTests(SqliteServerFixture fixture) : RetentionSettingTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresRetentionSettingTests(PostgresServerFixture fixture) : RetentionSettingTests(fixture.Server), IClassFixture<PostgresServerFixture>;
