using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Rectification;

/// <summary>
/// <c>PATCH /v1/users/{id}</c> and <c>/v1/companies/{id}</c>: a value replaces a stored trait in its class, null
/// removes it everywhere, search follows the new values, and the change is audited by key, never by value.
/// </summary>
public abstract class RectificationTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Patch_PersonalTrait_IsStoredAndSearchFindsTheNewValueOnly()
    {
        var (api, user, oldEmail) = await SeedAsync();
        var newEmail = "new-" + Guid.NewGuid().ToString("N") + "@example.test";

        var answer = await PatchAsync(api.Full, "/v1/users/" + user, new { traits = new { email = newEmail } });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(newEmail, (string?)(await JsonAsync(answer))["traits"]!["email"]);
        var stored = await GetJsonAsync(api.Full, "/v1/users/" + user);
        Assert.Equal(newEmail, (string?)stored["traits"]!["email"]);
        Assert.Equal("Ann", (string?)stored["traits"]!["name"]);
        Assert.Equal("pro", (string?)stored["traits"]!["plan"]);
        Assert.Equal(user, (string?)(await SearchAsync(api, "email", newEmail)).Single()!["user_id"]);
        Assert.Empty(await SearchAsync(api, "email", oldEmail));
    }

    [Fact]
    public async Task Patch_NullValue_RemovesTheTraitFromEveryClassAndFromSearch()
    {
        var (api, user, oldEmail) = await SeedAsync();

        var answer = await PatchAsync(api.Full, "/v1/users/" + user, new { traits = new Dictionary<string, object?> { ["email"] = null, ["plan"] = null, ["diagnosis"] = null } });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var traits = (await GetJsonAsync(api.Full, "/v1/users/" + user))["traits"]!.AsObject();
        Assert.Equal(["name"], traits.Select(t => t.Key).ToArray());
        Assert.Empty(await SearchAsync(api, "email", oldEmail));
    }

    [Fact]
    public async Task Patch_PhiTrait_IsStoredAsPhiAndMaskedForReadersWithoutPhiRead()
    {
        var (api, user, _) = await SeedAsync();
        var diagnosis = "PHI" + Guid.NewGuid().ToString("N");
        using var writer = await api.KeyClientAsync("data:read", "data:write");

        var answer = await PatchAsync(writer, "/v1/users/" + user, new { traits = new { diagnosis } });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain(diagnosis, body, StringComparison.Ordinal);
        Assert.Equal(["diagnosis"], Strings(JsonNode.Parse(body)!["masked_traits"]));
        using var reader = await api.KeyClientAsync("data:read");
        var masked = await GetJsonAsync(reader, "/v1/users/" + user);
        Assert.Null(masked["traits"]!["diagnosis"]);
        Assert.Equal(["diagnosis"], Strings(masked["masked_traits"]));
        Assert.Equal(diagnosis, (string?)(await GetJsonAsync(api.Full, "/v1/users/" + user))["traits"]!["diagnosis"]);
    }

    [Fact]
    public async Task Patch_IsAuditedWithTheKeysUnderAKeyedHash_NeverTheValues()
    {
        var (api, user, oldEmail) = await SeedAsync();
        var newEmail = "new-" + Guid.NewGuid().ToString("N") + "@example.test";
        var newName = "Bea-" + Guid.NewGuid().ToString("N");

        await PatchAsync(api.Full, "/v1/users/" + user, new { traits = new Dictionary<string, object?> { ["email"] = newEmail, ["name"] = newName, ["plan"] = null } });

        var entry = Assert.Single(await api.AuditAsync("data.rectified"));
        Assert.Equal("user", (string?)entry["target"]!["type"]);
        Assert.Matches("^[0-9a-f]{32}$", (string)entry["target"]!["id"]!);
        Assert.Equal("email,name", (string?)entry["details"]!["changed"]);
        Assert.Equal("plan", (string?)entry["details"]!["removed"]);
        var export = await (await api.Full.GetAsync("/v1/audit/export?format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("data.rectified", export, StringComparison.Ordinal);
        foreach (var value in new[] { newEmail, oldEmail, newName, user })
        {
            Assert.DoesNotContain(value, export, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Patch_CompanyTraits_AreCorrected()
    {
        var (api, _, _) = await SeedAsync();

        var answer = await PatchAsync(api.Full, "/v1/companies/c-acme", new { traits = new Dictionary<string, object?> { ["name"] = "Acme Ltd", ["size"] = null } });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var traits = (await GetJsonAsync(api.Full, "/v1/companies/c-acme"))["traits"]!.AsObject();
        Assert.Equal("Acme Ltd", (string?)traits["name"]);
        Assert.False(traits.ContainsKey("size"));
        Assert.Equal("company", (string?)Assert.Single(await api.AuditAsync("data.rectified"))["target"]!["type"]);
    }

    [Fact]
    public async Task Patch_UnknownOrDeletedSubject_Returns404()
    {
        var (api, user, _) = await SeedAsync();
        await api.SendAsync("/v1/track", new { userId = "u-events-only", @event = "Opened" });
        Assert.Equal(HttpStatusCode.Accepted, (await api.Full.DeleteAsync("/v1/users/" + user)).StatusCode);

        foreach (var path in new[] { "/v1/users/nobody", "/v1/companies/nobody", "/v1/users/u-events-only", "/v1/users/" + user })
        {
            var answer = await PatchAsync(api.Full, path, new { traits = new { email = "x@example.test" } });
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(await api.AuditAsync("data.rectified"));
    }

    [Fact]
    public async Task Patch_BadBody_Returns400AndChangesNothing()
    {
        var (api, user, _) = await SeedAsync();
        var before = await GetJsonAsync(api.Full, "/v1/users/" + user);
        string[] bodies =
        [
            "not json", "[]", "{}", """{"traits": null}""", """{"traits": "email"}""", """{"traits": {}}""",
            """{"traits": {"": "x"}}""", "{\"traits\": {\"email\": \"e@example.test\", \"" + new string('k', 201) + "\": 1}}",
            "{\"traits\": {\"note\": \"" + new string('x', 40 * 1024) + "\"}}",
        ];

        foreach (var body in bodies)
        {
            var answer = await api.Full.PatchAsync("/v1/users/" + user, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            var problem = await JsonAsync(answer);
            Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        }

        Assert.Equal(before.ToJsonString(), (await GetJsonAsync(api.Full, "/v1/users/" + user)).ToJsonString());
        Assert.Empty(await api.AuditAsync("data.rectified"));
    }

    [Fact]
    public async Task Patch_WithoutDataWrite_Returns403AndChangesNothing()
    {
        var (api, user, oldEmail) = await SeedAsync();
        using var reader = await api.KeyClientAsync("data:read", "phi:read");

        var answer = await PatchAsync(reader, "/v1/users/" + user, new { traits = new { email = "x@example.test" } });

        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal(oldEmail, (string?)(await GetJsonAsync(api.Full, "/v1/users/" + user))["traits"]!["email"]);
    }

    [Fact]
    public async Task Patch_WithDataWriteButNotDataRead_CorrectsWithoutShowingTheProfile()
    {
        var (api, user, _) = await SeedAsync();
        using var writer = await api.KeyClientAsync("data:write");

        var answer = await PatchAsync(writer, "/v1/users/" + user, new { traits = new { name = "Bea" } });

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("Bea", (string?)(await GetJsonAsync(api.Full, "/v1/users/" + user))["traits"]!["name"]);
    }

    private async Task<(WorkspaceClient Api, string User, string Email)> SeedAsync()
    {
        var api = await CreateAsync(server);
        var user = "u-" + Guid.NewGuid().ToString("N");
        var email = "old-" + Guid.NewGuid().ToString("N") + "@example.test";
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["diagnosis"] = "phi", ["plan"] = "public" } });
        await api.SendAsync("/v1/identify", new { userId = user, traits = new { email, name = "Ann", plan = "pro", diagnosis = "PHI-old" } });
        await api.SendAsync("/v1/group", new { userId = user, groupId = "c-acme", traits = new { name = "Acme", size = 12 } });
        return (api, user, email);
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string path, object body) => client.PatchAsync(path, Json(body));

    private static async Task<JsonArray> SearchAsync(WorkspaceClient api, string trait, string value) =>
        (await GetJsonAsync(api.Full, $"/v1/users?trait={trait}&value={Uri.EscapeDataString(value)}"))["users"]!.AsArray();

    private static async Task<JsonObject> JsonAsync(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(x => (string)x!).ToArray();
}

public sealed class SqliteRectificationTests(SqliteServerFixture fixture) : RectificationTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresRectificationTests(PostgresServerFixture fixture) : RectificationTests(fixture.Server), IClassFixture<PostgresServerFixture>;
