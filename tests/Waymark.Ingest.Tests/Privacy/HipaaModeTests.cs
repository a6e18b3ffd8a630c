using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Privacy;

/// <summary>HIPAA mode through the data-classes API: unclassified keys become PHI for data received afterwards.</summary>
public abstract class HipaaModeTests(WaymarkTestServer server)
{
    [Fact]
    public async Task HipaaMode_StoresUnclassifiedKeysAsPhi_ForDataReceivedAfterwards()
    {
        var api = await CreateAsync(server);
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["plan"] = "public", ["email"] = "personal" } });
        await api.SendAsync("/v1/identify", new { userId = "u-before", traits = new { note = "stored-before", plan = "pro" } });

        var switched = await GetJsonAsync(api.Full, "/v1/data-classes");
        Assert.False((bool)switched["hipaa_mode"]!);
        Assert.Equal("personal", (string?)switched["default"]);
        var on = await api.Full.PutAsync("/v1/data-classes", Json(new { hipaa_mode = true }));
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        var after = await on.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True((bool)after!["hipaa_mode"]!);
        Assert.Equal("phi", (string?)after["default"]);
        Assert.Equal("public", (string?)after["classes"]!["plan"]);
        Assert.True((bool)(await GetJsonAsync(api.Full, "/v1/data-classes"))["hipaa_mode"]!);

        await api.SendAsync("/v1/identify", new { userId = "u-after", traits = new { note = "stored-after", plan = "pro", email = "a@example.test" } });
        await api.SendAsync("/v1/track", new { userId = "u-after", @event = "Visit", properties = new { reason = "checkup", plan = "pro" } });
        using var reader = await api.KeyClientAsync("data:read");

        var before = (await GetJsonAsync(reader, "/v1/users/u-before"))["traits"]!;
        Assert.Equal("stored-before", (string?)before["note"]);
        var user = await GetJsonAsync(reader, "/v1/users/u-after");
        Assert.Null(user["traits"]!["note"]);
        Assert.Equal("pro", (string?)user["traits"]!["plan"]);
        Assert.Equal("a@example.test", (string?)user["traits"]!["email"]);
        Assert.Equal(["note"], user["masked_traits"]!.AsArray().Select(x => (string)x!));
        var track = (await GetJsonAsync(reader, "/v1/users/u-after/events"))["events"]!.AsArray().Single(e => (string?)e!["type"] == "track")!;
        Assert.Null(track["properties"]!["reason"]);
        Assert.Equal("pro", (string?)track["properties"]!["plan"]);
        Assert.Equal("stored-after", (string?)(await GetJsonAsync(api.Full, "/v1/users/u-after"))["traits"]!["note"]);

        var changes = await api.AuditAsync("settings.changed");
        Assert.Contains(changes, c => (string?)c["details"]!["setting"] == "hipaa-mode" && (string?)c["details"]!["changes"] == "on");

        Assert.Equal(HttpStatusCode.OK, (await api.Full.PutAsync("/v1/data-classes", Json(new { hipaa_mode = false }))).StatusCode);
        await api.SendAsync("/v1/identify", new { userId = "u-off", traits = new { note = "stored-off" } });
        Assert.Equal("stored-off", (string?)(await GetJsonAsync(reader, "/v1/users/u-off"))["traits"]!["note"]);
        Assert.Contains(await api.AuditAsync("settings.changed"), c => (string?)c["details"]!["setting"] == "hipaa-mode" && (string?)c["details"]!["changes"] == "off");
    }

    [Fact]
    public async Task HipaaMode_BadInputOrMissingPermission_IsRefusedAndChangesNothing()
    {
        var api = await CreateAsync(server);
        await AssertProblemAsync(await api.Full.PutAsync("/v1/data-classes", Json(new { })), HttpStatusCode.BadRequest);
        var notABoolean = await api.Full.PutAsync("/v1/data-classes", new StringContent("{\"hipaa_mode\": \"yes\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notABoolean.StatusCode);
        Assert.Equal("application/problem+json", notABoolean.Content.Headers.ContentType?.MediaType);
        await AssertProblemAsync(await api.Full.PutAsync("/v1/data-classes", Json(new { hipaa_mode = true, classes = new Dictionary<string, string> { [""] = "public" } })), HttpStatusCode.BadRequest);
        using var reader = await api.KeyClientAsync("data:read");
        await AssertProblemAsync(await reader.PutAsync("/v1/data-classes", Json(new { hipaa_mode = true })), HttpStatusCode.Forbidden);

        Assert.False((bool)(await GetJsonAsync(reader, "/v1/data-classes"))["hipaa_mode"]!);
        Assert.DoesNotContain(await api.AuditAsync("settings.changed"), c => (string?)c["details"]!["setting"] == "hipaa-mode");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
    }
}

public sealed class SqliteHipaaModeTests(SqliteServerFixture fixture) : HipaaModeTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresHipaaModeTests(PostgresServerFixture fixture) : HipaaModeTests(fixture.Server), IClassFixture<PostgresServerFixture>;
