using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Api;

/// <summary>The ingest and read API over real HTTP; run once per database by the derived classes.</summary>
public abstract class IngestApiTests(WaymarkTestServer server)
{
    protected WaymarkTestServer Server { get; } = server;

    [Fact]
    public async Task Track_ThenReadBack_ReturnsTheSentValuesDecrypted()
    {
        var (write, read) = await ClientsAsync();
        var sent = await write.PostAsync("/v1/identify", Json(new { userId = "u-1", messageId = "m-1", traits = new { email = "ada@example.test", plan = "pro" } }));
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/track", Json(new { userId = "u-1", @event = "Report Exported", messageId = "m-2", properties = new { format = "csv", rows = 12 }, context = new { ip = "203.0.113.9" } }))).StatusCode);

        var user = await read.GetFromJsonAsync<JsonObject>("/v1/users/u-1");
        Assert.Equal("u-1", (string?)user!["user_id"]);
        Assert.Equal("ada@example.test", (string?)user["traits"]!["email"]);
        Assert.Equal(2, (long)user["event_count"]!);

        var events = await read.GetFromJsonAsync<JsonObject>("/v1/users/u-1/events");
        var track = events!["events"]!.AsArray().Single(e => (string?)e!["type"] == "track")!;
        Assert.Equal("Report Exported", (string?)track["event"]);
        Assert.Equal("csv", (string?)track["properties"]!["format"]);
        Assert.Equal(12, (int)track["properties"]!["rows"]!);
        Assert.Equal("203.0.113.9", (string?)track["context"]!["ip"]);
        Assert.Equal("m-2", (string?)track["message_id"]);
    }

    [Fact]
    public async Task Track_WithRepeatedMessageId_IsStoredOnceAndTheRetrySucceeds()
    {
        var (write, read) = await ClientsAsync();
        var body = new { userId = "u-dup", @event = "Paid", messageId = "same-message" };
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/track", Json(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/track", Json(body))).StatusCode);
        var batch = new { batch = new object[] { new { type = "track", userId = "u-dup", @event = "Paid", messageId = "same-message" }, new { type = "track", userId = "u-dup", @event = "Paid", messageId = "other" }, new { type = "track", userId = "u-dup", @event = "Paid", messageId = "other" } } };
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/batch", Json(batch))).StatusCode);

        var user = await read.GetFromJsonAsync<JsonObject>("/v1/users/u-dup");
        Assert.Equal(2, (long)user!["event_count"]!);
    }

    [Fact]
    public async Task Batch_WithOneInvalidEvent_StoresNothingAndNamesTheBadIndex()
    {
        var (write, read) = await ClientsAsync();
        var batch = new { batch = new object[] { new { type = "track", userId = "u-b", @event = "Ok" }, new { type = "track", userId = "u-b" }, new { type = "bogus", userId = "u-b" } } };
        var response = await write.PostAsync("/v1/batch", Json(batch));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-events");
        var errors = problem["errors"]!.AsArray();
        Assert.Equal([1, 2], errors.Select(e => (int)e!["index"]!).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync("/v1/users/u-b")).StatusCode);
    }

    [Fact]
    public async Task Batch_OverTwoThousandFiveHundredEvents_IsRejectedWhole()
    {
        var (write, read) = await ClientsAsync();
        var events = Enumerable.Range(0, 2501).Select(i => new { type = "track", userId = "u-many", @event = "E" }).ToArray();
        var response = await write.PostAsync("/v1/batch", Json(new { batch = events }));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "too-many-events");
        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync("/v1/users/u-many")).StatusCode);
    }

    [Fact]
    public async Task Request_OverFiveHundredKilobytes_Gets413AndStoresNothing()
    {
        var (write, read) = await ClientsAsync();
        var padding = new string('x', 20_000);
        var events = Enumerable.Range(0, 30).Select(i => new { type = "track", userId = "u-big", @event = "E", properties = new { padding } }).ToArray();
        var response = await write.PostAsync("/v1/batch", Json(new { batch = events }));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "request-too-large");
        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync("/v1/users/u-big")).StatusCode);
    }

    [Fact]
    public async Task Event_OverThirtyTwoKilobytes_IsRejected()
    {
        var (write, read) = await ClientsAsync();
        var response = await write.PostAsync("/v1/track", Json(new { userId = "u-fat", @event = "E", properties = new { padding = new string('y', 33 * 1024) } }));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-events");
        Assert.Contains("32 KB", (string?)problem["errors"]![0]!["reason"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync("/v1/users/u-fat")).StatusCode);
    }

    [Theory]
    [InlineData("{\"userId\": \"u-1\", \"event\": ")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task MalformedJson_GetsProblemJsonAndStoresNothing(string body)
    {
        var (write, _) = await ClientsAsync();
        var response = await write.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed-json");
    }

    [Theory]
    [InlineData("{\"userId\": {\"a\": 1}, \"event\": \"E\"}", "'userId' must be a string or a number.")]
    [InlineData("{\"userId\": \"u\", \"event\": 5}", "'event' must be a string.")]
    [InlineData("{\"userId\": \"u\", \"event\": \"E\", \"properties\": [1, 2]}", "'properties' must be a JSON object.")]
    [InlineData("{\"userId\": \"u\", \"event\": \"E\", \"timestamp\": \"yesterday\"}", "'timestamp' must be an ISO 8601 date-time string.")]
    [InlineData("{\"event\": \"E\"}", "Every call needs 'userId' or 'anonymousId'.")]
    [InlineData("{\"userId\": \"u\"}", "A track call needs 'event', the event name.")]
    public async Task Track_WithWrongTypesOrMissingFields_IsRejectedWithTheReason(string body, string reason)
    {
        var (write, read) = await ClientsAsync();
        var response = await write.PostAsync("/v1/track", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-events");
        Assert.Equal(reason, (string?)problem["errors"]![0]!["reason"]);
        Assert.Equal(HttpStatusCode.NotFound, (await read.GetAsync("/v1/users/u")).StatusCode);
    }

    [Fact]
    public async Task Group_WithoutGroupId_AndAlias_WithoutPreviousId_AreRejected()
    {
        var (write, _) = await ClientsAsync();
        await AssertProblemAsync(await write.PostAsync("/v1/group", Json(new { userId = "u" })), HttpStatusCode.BadRequest, "invalid-events");
        await AssertProblemAsync(await write.PostAsync("/v1/alias", Json(new { userId = "u" })), HttpStatusCode.BadRequest, "invalid-events");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Basic d2tfbm90LWEta2V5Og==")]
    [InlineData("Token sk_not-a-key")]
    [InlineData("Basic !!!")]
    public async Task Ingest_WithMissingOrWrongKey_Gets401(string? authorization)
    {
        var client = Server.Client();
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.PostAsync("/v1/track", Json(new { userId = "u", @event = "E" }));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task WriteKey_CannotReadData()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        var response = await Server.WriteKeyClient(workspace.WriteKey).GetAsync("/v1/users/anyone");
        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Keys_OfAnotherWorkspace_SeeNothingOfThisOne()
    {
        var (write, _) = await ClientsAsync();
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/track", Json(new { userId = "u-private", @event = "E" }))).StatusCode);
        var other = await Server.CreateWorkspaceAsync("Other");

        var response = await Server.ServerKeyClient(other.ServerKey).GetAsync("/v1/users/u-private");
        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task WriteKey_InTheBody_IsAccepted()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        var response = await Server.Client().PostAsync("/v1/track", Json(new { writeKey = workspace.WriteKey, userId = "u-body", @event = "E" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.ServerKeyClient(workspace.ServerKey).GetAsync("/v1/users/u-body")).StatusCode);
    }

    [Fact]
    public async Task Batch_GzipCompressed_IsAccepted()
    {
        var (write, read) = await ClientsAsync();
        var json = JsonSerializer.SerializeToUtf8Bytes(new { batch = new object[] { new { type = "track", userId = "u-gz", @event = "E", messageId = "gz-1" } } });
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(json);
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/batch", content)).StatusCode);
        Assert.Equal(1, (long)(await read.GetFromJsonAsync<JsonObject>("/v1/users/u-gz"))!["event_count"]!);
    }

    [Fact]
    public async Task AllSegmentCallTypes_AreStoredWithTheirFields()
    {
        var (write, read) = await ClientsAsync();
        var batch = new
        {
            batch = new object[]
            {
                new { type = "identify", userId = "u-all", traits = new { name = "Grace" } },
                new { type = "track", userId = "u-all", @event = "Clicked" },
                new { type = "page", userId = "u-all", name = "Pricing", properties = new { url = "https://example.test/pricing" } },
                new { type = "screen", userId = "u-all", name = "Home" },
                new { type = "group", userId = "u-all", groupId = "co-all", traits = new { name = "Acme" } },
                new { type = "alias", userId = "u-all", previousId = "anon-1" },
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/batch", Json(batch))).StatusCode);

        var page = await read.GetFromJsonAsync<JsonObject>("/v1/users/u-all/events");
        var events = page!["events"]!.AsArray();
        Assert.Equal(new[] { "identify", "track", "page", "screen", "group", "alias" }, events.Select(e => (string)e!["type"]!));
        Assert.Equal("Pricing", (string?)events[2]!["name"]);
        Assert.Equal("co-all", (string?)events[4]!["group_id"]);
        Assert.Equal("anon-1", (string?)events[5]!["previous_id"]);
        var user = await read.GetFromJsonAsync<JsonObject>("/v1/users/u-all");
        Assert.Equal(["co-all"], user!["company_ids"]!.AsArray().Select(c => (string)c!).ToArray());
        var company = await read.GetFromJsonAsync<JsonObject>("/v1/companies/co-all");
        Assert.Equal("Acme", (string?)company!["traits"]!["name"]);
        Assert.Equal(1, (long)company["event_count"]!);
    }

    [Fact]
    public async Task Identify_MergesTraitsAcrossCalls()
    {
        var (write, read) = await ClientsAsync();
        await write.PostAsync("/v1/identify", Json(new { userId = "u-merge", traits = new { email = "old@example.test", name = "Lin" } }));
        await write.PostAsync("/v1/identify", Json(new { userId = "u-merge", traits = new { email = "new@example.test" } }));

        var traits = (await read.GetFromJsonAsync<JsonObject>("/v1/users/u-merge"))!["traits"]!;
        Assert.Equal("new@example.test", (string?)traits["email"]);
        Assert.Equal("Lin", (string?)traits["name"]);
    }

    [Fact]
    public async Task UserpilotShapes_AreAcceptedWith202AndReadBack()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        var client = Server.ServerKeyClient(workspace.ServerKey);
        var identify = await client.PostAsync("/v1/identify", Json(new { user_id = "up-1", metadata = new { email = "up@example.test", plan = "team" }, company = new { id = "up-co", name = "Upco" } }));
        var track = await client.PostAsync("/v1/track", Json(new { user_id = "up-1", event_name = "Invited Teammate", metadata = new { seats = 3 } }));
        var company = await client.PostAsync("/v1/companies/identify", Json(new { company_id = "up-co", metadata = new { industry = "health" } }));
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { identify.StatusCode, track.StatusCode, company.StatusCode });

        var user = await client.GetFromJsonAsync<JsonObject>("/v1/users/up-1");
        Assert.Equal("up@example.test", (string?)user!["traits"]!["email"]);
        Assert.Equal(["up-co"], user["company_ids"]!.AsArray().Select(c => (string)c!).ToArray());
        var events = await client.GetFromJsonAsync<JsonObject>("/v1/users/up-1/events");
        var tracked = events!["events"]!.AsArray().Single(e => (string?)e!["type"] == "track")!;
        Assert.Equal("Invited Teammate", (string?)tracked["event"]);
        Assert.Equal(3, (int)tracked["properties"]!["seats"]!);
        var companyView = await client.GetFromJsonAsync<JsonObject>("/v1/companies/up-co");
        Assert.Equal("Upco", (string?)companyView!["traits"]!["name"]);
        Assert.Equal("health", (string?)companyView["traits"]!["industry"]);
        Assert.False(companyView["traits"]!.AsObject().ContainsKey("id"));
        Assert.Equal(1, (long)companyView["user_count"]!);
    }

    [Theory]
    [InlineData("/v1/identify", "{\"metadata\": {}}", "'user_id' is required.")]
    [InlineData("/v1/track", "{\"user_id\": \"u\"}", "'event_name' is required.")]
    [InlineData("/v1/companies/identify", "{\"metadata\": {}}", "'company_id' is required.")]
    [InlineData("/v1/identify", "{\"user_id\": \"u\", \"metadata\": \"x\"}", "'metadata' must be a JSON object.")]
    public async Task UserpilotShapes_WithBadInput_AreRejected(string path, string body, string reason)
    {
        var workspace = await Server.CreateWorkspaceAsync();
        var response = await Server.ServerKeyClient(workspace.ServerKey).PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-events");
        Assert.Equal(reason, (string?)problem["errors"]![0]!["reason"]);
    }

    [Fact]
    public async Task UnknownUserAndCompany_Get404ProblemJson()
    {
        var (_, read) = await ClientsAsync();
        await AssertProblemAsync(await read.GetAsync("/v1/users/nobody"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await read.GetAsync("/v1/users/nobody/events"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await read.GetAsync("/v1/companies/nothing"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Events_ArePagedWithACursor()
    {
        var (write, read) = await ClientsAsync();
        var batch = Enumerable.Range(0, 25).Select(i => new { type = "track", userId = "u-pages", @event = "E" + i, messageId = "page-" + i }).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await write.PostAsync("/v1/batch", Json(new { batch }))).StatusCode);

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await read.GetFromJsonAsync<JsonObject>("/v1/users/u-pages/events?limit=10" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page!["events"]!.AsArray().Select(e => (string)e!["event"]!));
            cursor = (string?)page["next_cursor"];
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => "E" + i), seen);
        await AssertProblemAsync(await read.GetAsync("/v1/users/u-pages/events?cursor=%%%"), HttpStatusCode.BadRequest, "invalid-cursor");
        await AssertProblemAsync(await read.GetAsync("/v1/users/u-pages/events?limit=0"), HttpStatusCode.BadRequest, "invalid-limit");
    }

    [Fact]
    public async Task Search_ByEncryptedEmail_FindsTheUserThroughTheBlindIndex()
    {
        var (write, read) = await ClientsAsync();
        await write.PostAsync("/v1/identify", Json(new { userId = "u-find", traits = new { email = "Find.Me@Example.test" } }));
        await write.PostAsync("/v1/identify", Json(new { userId = "u-other", traits = new { email = "other@example.test" } }));

        var found = await read.GetFromJsonAsync<JsonObject>("/v1/users?trait=email&value=" + Uri.EscapeDataString(" find.me@example.TEST"));
        Assert.Equal(["u-find"], found!["users"]!.AsArray().Select(u => (string)u!["user_id"]!).ToArray());
        var none = await read.GetFromJsonAsync<JsonObject>("/v1/users?trait=email&value=nobody@example.test");
        Assert.Empty(none!["users"]!.AsArray());
    }

    [Fact]
    public async Task DataClasses_MarkingKeysPublic_IsReadBackAndValidated()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        var read = Server.ServerKeyClient(workspace.ServerKey);
        var response = await read.PutAsync("/v1/data-classes", Json(new { classes = new Dictionary<string, string> { ["plan"] = "public", ["diagnosis"] = "phi" } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var classes = await read.GetFromJsonAsync<JsonObject>("/v1/data-classes");
        Assert.Equal("public", (string?)classes!["classes"]!["plan"]);
        Assert.Equal("phi", (string?)classes["classes"]!["diagnosis"]);
        Assert.Equal("personal", (string?)classes["default"]);

        var bad = await read.PutAsync("/v1/data-classes", new StringContent("{\"classes\": {\"plan\": \"secret\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var empty = await read.PutAsync("/v1/data-classes", Json(new { classes = new Dictionary<string, string>() }));
        await AssertProblemAsync(empty, HttpStatusCode.BadRequest, "invalid-data-classes");
        Assert.Equal("public", (string?)(await read.GetFromJsonAsync<JsonObject>("/v1/data-classes"))!["classes"]!["plan"]);
        await AssertProblemAsync(await Server.WriteKeyClient(workspace.WriteKey).PutAsync("/v1/data-classes", Json(new { classes = new { plan = "personal" } })), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task PhiAndPersonalTraits_AreReadBackWithPublicOnes()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        var read = Server.ServerKeyClient(workspace.ServerKey);
        await read.PutAsync("/v1/data-classes", Json(new { classes = new Dictionary<string, string> { ["plan"] = "public", ["diagnosis"] = "phi" } }));
        var write = Server.WriteKeyClient(workspace.WriteKey);
        await write.PostAsync("/v1/identify", Json(new { userId = "u-phi", traits = new { plan = "pro", diagnosis = "J45", email = "p@example.test" } }));

        var traits = (await read.GetFromJsonAsync<JsonObject>("/v1/users/u-phi"))!["traits"]!;
        Assert.Equal("pro", (string?)traits["plan"]);
        Assert.Equal("J45", (string?)traits["diagnosis"]);
        Assert.Equal("p@example.test", (string?)traits["email"]);
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200()
    {
        var client = Server.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Metrics_CountAcceptedEvents()
    {
        var (write, _) = await ClientsAsync();
        await write.PostAsync("/v1/track", Json(new { userId = "u-metrics", @event = "E" }));
        var metrics = await Server.Client().GetStringAsync("/metrics");
        Assert.Contains("waymark_ingest_events_accepted", metrics, StringComparison.Ordinal);
        Assert.Contains("waymark_ingest_queue_depth", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesIngestAndReadRoutes()
    {
        var document = await Server.Client().GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        var paths = document!["paths"]!.AsObject();
        Assert.Contains("/v1/batch", paths.Select(p => p.Key));
        Assert.Contains("/v1/users/{userId}/events", paths.Select(p => p.Key));
    }

    protected async Task<(HttpClient Write, HttpClient Read)> ClientsAsync()
    {
        var workspace = await Server.CreateWorkspaceAsync();
        return (Server.WriteKeyClient(workspace.WriteKey), Server.ServerKeyClient(workspace.ServerKey));
    }

    protected static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    protected static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("https://waymark.dev/problems/" + type, (string?)problem["type"]);
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        return problem;
    }
}

public sealed class SqliteIngestApiTests(SqliteServerFixture fixture) : IngestApiTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresIngestApiTests(PostgresServerFixture fixture) : IngestApiTests(fixture.Server), IClassFixture<PostgresServerFixture>;
