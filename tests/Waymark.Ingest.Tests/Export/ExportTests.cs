using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Export;

/// <summary>
/// Export of a user or company in the response (small exports): CSV that a standard reader parses and that round-trips
/// every stored value, JSON with the same content in the read API's shapes, PHI masked without phi:read, every export
/// audited, and clear errors.
/// </summary>
public abstract class ExportTests(WaymarkTestServer server)
{
    private static readonly string UserPath = "/v1/users/" + Uri.EscapeDataString(ExportSeed.UserId);

    [Fact]
    public async Task CsvExport_ParsesWithAStandardReader_AndRoundTripsEveryStoredValue()
    {
        var (api, seed) = await SeedAsync(tracks: 2);

        var response = await api.Full.GetAsync(UserPath + "/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        var rows = ExportCsv.Parse(text);
        AssertRoundTrips(seed, rows, tracks: 2);
        Assert.Contains("Zürich 東京", text, StringComparison.Ordinal);
        Assert.All(rows.Where(r => r.Value?.GetValueKind() == System.Text.Json.JsonValueKind.String), r => Assert.StartsWith("\"", r.Cells[7], StringComparison.Ordinal));
    }

    [Fact]
    public async Task CsvExport_CellsThatASpreadsheetWouldRunAsFormulas_StartWithAQuote()
    {
        var (api, _) = await SeedAsync();

        var rows = ExportCsv.Parse(await (await api.Full.GetAsync(UserPath + "/export")).Content.ReadAsStringAsync());

        Assert.Contains(rows, r => r.Cells[7].StartsWith("\"=HYPERLINK(", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Cells[7] == "\"=1+1\"");
        foreach (var cell in rows.SelectMany(r => r.Cells))
        {
            Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '@' or '\t' or '\r', $"A cell starts like a formula: {cell}");
            Assert.True(cell.Length == 0 || cell[0] != '-' || double.TryParse(cell, CultureInfo.InvariantCulture, out _), $"A cell starts like a formula: {cell}");
        }
    }

    [Fact]
    public async Task JsonExport_HoldsTheSameContentAsTheCsvExport_InTheReadApisShapes()
    {
        var (api, seed) = await SeedAsync(tracks: 2);

        var response = await api.Full.GetAsync(UserPath + "/export?format=json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var export = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(ExportSeed.UserId, (string?)export["user_id"]);
        Assert.True(JsonNode.DeepEquals(seed.Traits, export["profile"]!["traits"]));
        Assert.Equal(5L, (long)export["profile"]!["event_count"]!);
        Assert.Equal([ExportSeed.CompanyId], export["companies"]!.AsArray().Select(c => (string)c!).ToArray());

        var events = export["events"]!.AsArray();
        var api_events = (await GetJsonAsync(api.Full, UserPath + "/events"))["events"]!.AsArray();
        Assert.Equal(api_events.Count, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(api_events[i], events[i]), $"Event {i} differs from the read API's:\n{api_events[i]}\n{events[i]}");
        }

        var csv = ExportCsv.Events(ExportCsv.Parse(await (await api.Full.GetAsync(UserPath + "/export?format=csv")).Content.ReadAsStringAsync()));
        Assert.Equal(events.Count, csv.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(events[i]!["properties"], ExportCsv.Object(csv[i], "properties")));
            Assert.True(JsonNode.DeepEquals(events[i]!["traits"], ExportCsv.Object(csv[i], "traits")));
            Assert.True(JsonNode.DeepEquals(events[i]!["context"], ExportCsv.Object(csv[i], "context")));
            Assert.Equal((string?)events[i]!["message_id"], (string?)ExportCsv.Single(csv[i], "message_id"));
            Assert.Equal((string?)events[i]!["type"], csv[i][0].Type);
            Assert.Equal(DateTimeOffset.Parse((string)events[i]!["timestamp"]!, CultureInfo.InvariantCulture), DateTimeOffset.Parse(csv[i][0].Timestamp, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task CompanyExport_HoldsItsTraitsAndGroupEvents_ButNotItsMembersPersonalData()
    {
        var (api, seed) = await SeedAsync();

        var export = await GetJsonAsync(api.Full, "/v1/companies/" + Uri.EscapeDataString(ExportSeed.CompanyId) + "/export?format=json");
        var text = await (await api.Full.GetAsync("/v1/companies/" + Uri.EscapeDataString(ExportSeed.CompanyId) + "/export")).Content.ReadAsStringAsync();

        Assert.Equal(ExportSeed.CompanyId, (string?)export["company_id"]);
        Assert.True(JsonNode.DeepEquals(seed.CompanyTraits, export["profile"]!["traits"]));
        Assert.Equal(1L, (long)export["profile"]!["user_count"]!);
        var group = Assert.Single(export["events"]!.AsArray())!;
        Assert.Equal("group", (string?)group["type"]);
        Assert.Equal(ExportSeed.CompanyId, (string?)group["group_id"]);
        Assert.True(JsonNode.DeepEquals(seed.CompanyTraits, group["traits"]));
        var rows = ExportCsv.Parse(text);
        Assert.True(JsonNode.DeepEquals(seed.CompanyTraits, ExportCsv.Object(rows.Where(r => r.Section == "profile"), "traits")));
        Assert.True(JsonNode.DeepEquals(seed.CompanyTraits, ExportCsv.Object(ExportCsv.Events(rows).Single(), "traits")));
        foreach (var body in new[] { export.ToJsonString(), text })
        {
            Assert.DoesNotContain("u-export", body, StringComparison.Ordinal);
            Assert.DoesNotContain("203.0.113.9", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Export_WithoutPhiRead_MasksPhiValues_AndAuditsTheExportWithoutValues()
    {
        var (api, secret) = await SeedPhiAsync();
        using var reader = await api.KeyClientAsync("data:read");

        var csv = await (await reader.GetAsync("/v1/users/u-phi/export")).Content.ReadAsStringAsync();
        var json = await GetJsonAsync(reader, "/v1/users/u-phi/export?format=json");

        Assert.DoesNotContain(secret, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, json.ToJsonString(), StringComparison.Ordinal);
        var rows = ExportCsv.Parse(csv);
        Assert.True(rows.Single(r => r.Section == "profile" && r.Key == "diagnosis").Withheld);
        Assert.True(ExportCsv.Events(rows).SelectMany(e => e).Single(r => r.Key == "dose").Withheld);
        Assert.Equal("report", (string?)ExportCsv.Events(rows).SelectMany(e => e).Single(r => r.Key == "kind").Value);
        Assert.Null(json["profile"]!["traits"]!["diagnosis"]);
        Assert.Equal(["diagnosis"], json["profile"]!["masked_traits"]!.AsArray().Select(k => (string)k!).ToArray());
        var track = json["events"]!.AsArray().Single(e => (string?)e!["type"] == "track")!;
        Assert.Equal(["dose"], track["masked_properties"]!.AsArray().Select(k => (string)k!).ToArray());
        Assert.Empty(await api.AuditAsync("data.phi-read"));
        var exported = await api.AuditAsync("data.exported");
        Assert.Equal(2, exported.Count);
        Assert.All(exported, e =>
        {
            Assert.Equal("user", (string?)e["target"]!["type"]);
            Assert.Matches("^[0-9a-f]{32}$", (string)e["target"]!["id"]!);
            Assert.Equal("withheld", (string?)e["details"]!["phi"]);
            Assert.Equal("inline", (string?)e["details"]!["delivery"]);
            Assert.Equal("2", (string?)e["details"]!["events"]);
        });
        Assert.Equal(["json", "csv"], exported.Select(e => (string)e["details"]!["format"]!).ToArray());
    }

    [Fact]
    public async Task Export_WithPhiRead_IncludesPhiValues_AndAuditsThePhiKeys()
    {
        var (api, secret) = await SeedPhiAsync();
        using var reader = await api.KeyClientAsync("data:read", "phi:read");

        var rows = ExportCsv.Parse(await (await reader.GetAsync("/v1/users/u-phi/export")).Content.ReadAsStringAsync());

        Assert.Equal(secret, (string?)rows.Single(r => r.Section == "profile" && r.Key == "diagnosis").Value);
        Assert.Equal(secret + "-dose", (string?)ExportCsv.Events(rows).SelectMany(e => e).Single(r => r.Key == "dose").Value);
        Assert.DoesNotContain(rows, r => r.Withheld);
        var phiRead = Assert.Single(await api.AuditAsync("data.phi-read"));
        Assert.Equal("export", (string?)phiRead["details"]!["what"]);
        Assert.Equal("diagnosis,dose", (string?)phiRead["details"]!["keys"]);
        var exported = Assert.Single(await api.AuditAsync("data.exported"));
        Assert.Equal("included", (string?)exported["details"]!["phi"]);
        Assert.Equal((string?)phiRead["target"]!["id"], (string?)exported["target"]!["id"]);
        var log = await (await api.Full.GetAsync("/v1/audit/export?format=csv")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        Assert.DoesNotContain("u-phi", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OfAnUnknownUserOrCompany_Is404()
    {
        var (api, _) = await SeedAsync();

        var user = await api.Full.GetAsync("/v1/users/nobody/export");
        var company = await api.Full.GetAsync("/v1/companies/nobody/export?format=json");

        Assert.Equal(HttpStatusCode.NotFound, user.StatusCode);
        Assert.Equal("application/problem+json", user.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, company.StatusCode);
        Assert.Empty(await api.AuditAsync("data.exported"));
    }

    [Fact]
    public async Task Export_InAnUnknownFormat_Is400AndExportsNothing()
    {
        var (api, _) = await SeedAsync();

        var response = await api.Full.GetAsync(UserPath + "/export?format=xml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("format=json", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty(await api.AuditAsync("data.exported"));
    }

    [Fact]
    public async Task Export_WithoutDataRead_Is403()
    {
        var (api, _) = await SeedAsync();
        using var viewer = await api.KeyClientAsync("workspace:view");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(UserPath + "/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/v1/companies/" + Uri.EscapeDataString(ExportSeed.CompanyId) + "/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/v1/exports/exp_0")).StatusCode);
    }

    [Fact]
    public async Task Export_AfterTheUserWasDeleted_Is404()
    {
        var (api, _) = await SeedAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.Full.GetAsync(UserPath + "/export")).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await api.Full.DeleteAsync(UserPath)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync(UserPath + "/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync(UserPath + "/export?format=json")).StatusCode);
    }

    [Fact]
    public async Task Export_OfAnotherWorkspacesUser_Is404()
    {
        await SeedAsync();
        var other = await CreateAsync(server);

        Assert.Equal(HttpStatusCode.NotFound, (await other.Full.GetAsync(UserPath + "/export")).StatusCode);
    }

    internal static void AssertRoundTrips(ExportSeed seed, IReadOnlyList<ExportRow> rows, int tracks)
    {
        var profile = rows.Where(r => r.Section == "profile").ToList();
        Assert.Equal(ExportSeed.UserId, (string?)ExportCsv.Single(profile, "user_id"));
        Assert.True(JsonNode.DeepEquals(seed.Traits, ExportCsv.Object(profile, "traits")), "Profile traits differ: " + ExportCsv.Object(profile, "traits").ToJsonString());
        Assert.Equal(tracks + 3L, (long)ExportCsv.Single(profile, "event_count")!);
        Assert.Equal(seed.FirstTimestamp, DateTimeOffset.Parse((string)ExportCsv.Single(profile, "first_seen")!, CultureInfo.InvariantCulture));
        Assert.Equal([ExportSeed.CompanyId], rows.Where(r => r.Section == "membership").Select(r => (string)r.Value!).ToArray());

        var events = ExportCsv.Events(rows);
        Assert.Equal(tracks + 3, events.Count);
        Assert.Equal(["identify", .. Enumerable.Repeat("track", tracks), "page", "group"], events.Select(e => e[0].Type).ToArray());
        Assert.All(events, e => Assert.Single(e.Select(r => (r.Type, r.Timestamp, r.ReceivedAt)).Distinct()));
        Assert.True(JsonNode.DeepEquals(seed.Traits, ExportCsv.Object(events[0], "traits")));
        for (var i = 1; i <= tracks; i++)
        {
            var track = events[i];
            Assert.Equal(seed.EventName, (string?)ExportCsv.Single(track, "event"));
            Assert.Equal("m-track-" + (i - 1), (string?)ExportCsv.Single(track, "message_id"));
            Assert.Equal(ExportSeed.UserId, (string?)ExportCsv.Single(track, "user_id"));
            Assert.True(JsonNode.DeepEquals(seed.Properties, ExportCsv.Object(track, "properties")), "Properties differ: " + ExportCsv.Object(track, "properties").ToJsonString());
            Assert.True(JsonNode.DeepEquals(seed.Context, ExportCsv.Object(track, "context")));
            Assert.Equal(seed.FirstTimestamp.AddMinutes(i), DateTimeOffset.Parse(track[0].Timestamp, CultureInfo.InvariantCulture));
        }

        Assert.Equal("Pricing – ünïcode", (string?)ExportCsv.Single(events[tracks + 1], "name"));
        Assert.Equal("https://example.test/?a=1,b=2", (string?)ExportCsv.Object(events[tracks + 1], "properties")["url"]);
        Assert.Equal(ExportSeed.CompanyId, (string?)ExportCsv.Single(events[tracks + 2], "group_id"));
        Assert.True(JsonNode.DeepEquals(seed.CompanyTraits, ExportCsv.Object(events[tracks + 2], "traits")));
    }

    private async Task<(WorkspaceClient Api, ExportSeed Seed)> SeedAsync(int tracks = 1)
    {
        var api = await CreateAsync(server);
        var seed = new ExportSeed();
        await seed.SendAsync(api, tracks);
        return (api, seed);
    }

    private async Task<(WorkspaceClient Api, string Secret)> SeedPhiAsync()
    {
        var api = await CreateAsync(server);
        var secret = "PHI" + Guid.NewGuid().ToString("N");
        await api.ClassifyAsync(new { classes = new Dictionary<string, string> { ["diagnosis"] = "phi", ["dose"] = "phi", ["kind"] = "public" } });
        await api.SendAsync("/v1/identify", new { userId = "u-phi", traits = new { diagnosis = secret, email = "p@example.test" } });
        await api.SendAsync("/v1/track", new { userId = "u-phi", @event = "Dose Logged", properties = new { dose = secret + "-dose", kind = "report" } });
        return (api, secret);
    }
}

public sealed class SqliteExportTests(SqliteServerFixture fixture) : ExportTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresExportTests(PostgresServerFixture fixture) : ExportTests(fixture.Server), IClassFixture<PostgresServerFixture>;
