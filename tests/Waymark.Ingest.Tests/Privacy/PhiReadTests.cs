using System.Text.Json.Nodes;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Privacy;

/// <summary>
/// PHI on every read path (user, events, company, search): masked with its key listed for callers without phi:read,
/// returned to callers with it, and every read that returns a PHI value audited with the keys, never the values.
/// </summary>
public abstract class PhiReadTests(WaymarkTestServer server)
{
    [Fact]
    public async Task PhiValues_WithoutPhiRead_AreMaskedOnEveryReadPath()
    {
        var (api, secret) = await SeedAsync();
        using var reader = await api.KeyClientAsync("data:read");

        var user = await GetJsonAsync(reader, "/v1/users/u-phi");
        Assert.True(user["traits"]!.AsObject().ContainsKey("diagnosis"));
        Assert.Null(user["traits"]!["diagnosis"]);
        Assert.Equal(["diagnosis"], Strings(user["masked_traits"]));
        Assert.Equal("p@example.test", (string?)user["traits"]!["email"]);

        var events = (await GetJsonAsync(reader, "/v1/users/u-phi/events"))["events"]!.AsArray();
        var identify = events.Single(e => (string?)e!["type"] == "identify")!;
        Assert.Null(identify["traits"]!["diagnosis"]);
        Assert.Equal(["diagnosis"], Strings(identify["masked_traits"]));
        var track = events.Single(e => (string?)e!["type"] == "track")!;
        Assert.True(track["properties"]!.AsObject().ContainsKey("dose"));
        Assert.Null(track["properties"]!["dose"]);
        Assert.Equal(["dose"], Strings(track["masked_properties"]));
        Assert.Equal("report", (string?)track["properties"]!["kind"]);
        Assert.Empty(Strings(track["masked_traits"]));

        var company = await GetJsonAsync(reader, "/v1/companies/c-phi");
        Assert.Null(company["traits"]!["diagnosis"]);
        Assert.Equal(["diagnosis"], Strings(company["masked_traits"]));

        var found = (await GetJsonAsync(reader, "/v1/users?trait=email&value=p@example.test"))["users"]!.AsArray().Single()!;
        Assert.Null(found["traits"]!["diagnosis"]);
        Assert.Equal(["diagnosis"], Strings(found["masked_traits"]));

        foreach (var path in new[] { "/v1/users/u-phi", "/v1/users/u-phi/events", "/v1/companies/c-phi", "/v1/users?trait=email&value=p@example.test" })
        {
            Assert.DoesNotContain(secret, await (await reader.GetAsync(path)).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(await api.AuditAsync("data.phi-read"));
    }

    [Fact]
    public async Task PhiValues_WithPhiRead_AreReturnedAndNothingIsMasked()
    {
        var (api, secret) = await SeedAsync();
        using var reader = await api.KeyClientAsync("data:read", "phi:read");

        var user = await GetJsonAsync(reader, "/v1/users/u-phi");
        Assert.Equal(secret, (string?)user["traits"]!["diagnosis"]);
        Assert.Empty(Strings(user["masked_traits"]));
        var track = (await GetJsonAsync(reader, "/v1/users/u-phi/events"))["events"]!.AsArray().Single(e => (string?)e!["type"] == "track")!;
        Assert.Equal(secret + "-dose", (string?)track["properties"]!["dose"]);
        Assert.Empty(Strings(track["masked_properties"]));
        Assert.Equal(secret + "-company", (string?)(await GetJsonAsync(reader, "/v1/companies/c-phi"))["traits"]!["diagnosis"]);
        var found = (await GetJsonAsync(reader, "/v1/users?trait=email&value=p@example.test"))["users"]!.AsArray().Single()!;
        Assert.Equal(secret, (string?)found["traits"]!["diagnosis"]);
    }

    [Fact]
    public async Task EveryReadReturningPhi_IsAuditedWithItsKeysUnderAKeyedHash_NeverTheValues()
    {
        var (api, secret) = await SeedAsync();
        await api.SendAsync("/v1/identify", new { userId = "u-plain", traits = new { email = "plain@example.test" } });
        using var reader = await api.KeyClientAsync("data:read", "phi:read");

        await GetJsonAsync(reader, "/v1/users/u-phi");
        await GetJsonAsync(reader, "/v1/users/u-phi/events");
        await GetJsonAsync(reader, "/v1/companies/c-phi");
        await GetJsonAsync(reader, "/v1/users?trait=email&value=p@example.test");
        await GetJsonAsync(reader, "/v1/users/u-plain");

        var entries = await api.AuditAsync("data.phi-read");
        var byWhat = entries.ToDictionary(e => ((string)e["target"]!["type"]!, (string)e["details"]!["what"]!), e => e);
        Assert.Equal(4, entries.Count);
        Assert.Equal("diagnosis", (string?)byWhat[("user", "profile")]["details"]!["keys"]);
        Assert.Equal("diagnosis,dose", (string?)byWhat[("user", "events")]["details"]!["keys"]);
        Assert.Equal("diagnosis", (string?)byWhat[("company", "profile")]["details"]!["keys"]);
        Assert.Equal("diagnosis", (string?)byWhat[("user", "search")]["details"]!["keys"]);
        Assert.All(entries, e => Assert.Matches("^[0-9a-f]{32}$", (string)e["target"]!["id"]!));
        var userHashes = entries.Where(e => (string?)e["target"]!["type"] == "user").Select(e => (string)e["target"]!["id"]!).Distinct().ToList();
        Assert.Single(userHashes);
        var reads = await api.AuditAsync("data.read");
        Assert.Contains(reads, r => (string?)r["target"]!["id"] == userHashes[0]);

        var export = await (await api.Full.GetAsync("/v1/audit/export?format=csv")).Content.ReadAsStringAsync();
        Assert.Contains("data.phi-read", export, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, export, StringComparison.Ordinal);
        Assert.DoesNotContain("u-phi", export, StringComparison.Ordinal);
    }

    private async Task<(WorkspaceClient Api, string Secret)> SeedAsync()
    {
        var api = await CreateAsync(server);
        var secret = "PHI" + Guid.NewGuid().ToString("N");
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["diagnosis"] = "phi", ["dose"] = "phi", ["kind"] = "public" } });
        await api.SendAsync("/v1/identify", new { userId = "u-phi", traits = new { diagnosis = secret, email = "p@example.test" } });
        await api.SendAsync("/v1/track", new { userId = "u-phi", @event = "Dose Logged", properties = new { dose = secret + "-dose", kind = "report" } });
        await api.SendAsync("/v1/group", new { userId = "u-phi", groupId = "c-phi", traits = new { diagnosis = secret + "-company" } });
        return (api, secret);
    }

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(x => (string)x!).ToArray();
}

public sealed class SqlitePhiReadTests(SqliteServerFixture fixture) : PhiReadTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresPhiReadTests(PostgresServerFixture fixture) : PhiReadTests(fixture.Server), IClassFixture<PostgresServerFixture>;
