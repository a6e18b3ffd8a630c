using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.TestSupport;

namespace Waymark.Audit.Tests.Api;

/// <summary>GET /v1/audit and its export over real HTTP; run once per database.</summary>
public abstract class AuditApiTests(WaymarkTestServer server)
{
    [Fact]
    public async Task List_ReturnsNewestFirst_AndPagesWithNextCursorUntilTheEnd()
    {
        var (workspace, id) = await server.WorkspaceAsync();
        await server.RecordAsync(id, 5, "test.paging");
        var client = server.ServerKeyClient(workspace.ServerKey);

        var seqs = new List<long>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = (await client.GetFromJsonAsync<JsonObject>("/v1/audit?action=test.paging&limit=2" + (cursor is null ? "" : "&cursor=" + cursor)))!;
            seqs.AddRange(page["entries"]!.AsArray().Select(e => (long)e!["seq"]!));
            cursor = (string?)page["next_cursor"];
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(5, seqs.Count);
        Assert.Equal(seqs.OrderDescending(), seqs);
    }

    [Fact]
    public async Task List_AnswersTheDocumentedShape()
    {
        var (workspace, id) = await server.WorkspaceAsync();
        await server.RecordAsync(id, 1, "test.shape");

        var entry = (await server.ServerKeyClient(workspace.ServerKey).GetFromJsonAsync<JsonObject>("/v1/audit?action=test.shape"))!["entries"]![0]!.AsObject();

        Assert.Equal(["seq", "time", "actor", "action", "target", "outcome", "source_ip", "request_id", "details", "hash", "prev_hash"], entry.Select(p => p.Key).ToArray());
        Assert.Equal("member", (string?)entry["actor"]!["kind"]);
        Assert.Equal("acct-0", (string?)entry["actor"]!["id"]);
        Assert.Equal("thing", (string?)entry["target"]!["type"]);
        Assert.Equal("t-0", (string?)entry["target"]!["id"]);
        Assert.Equal("success", (string?)entry["outcome"]);
        Assert.Equal("203.0.113.7", (string?)entry["source_ip"]);
        Assert.Equal("0", (string?)entry["details"]!["n"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)entry["hash"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)entry["prev_hash"]);
    }

    [Fact]
    public async Task List_FiltersByActionActorKindOutcomeTargetAndTime()
    {
        var (workspace, id) = await server.WorkspaceAsync();
        var log = server.Services.GetRequiredService<IAuditLog>();
        await log.RecordAsync(new AuditEvent(id, "test.filter", AuditActor.Member("alice"), AuditOutcome.Success, "role", "r1"));
        await log.RecordAsync(new AuditEvent(id, "test.filter", AuditActor.Member("bob"), AuditOutcome.Denied, "role", "r2"));
        await log.RecordAsync(new AuditEvent(id, "test.filter", AuditActor.Key(7), AuditOutcome.Failure, "key", "k7"));
        var client = server.ServerKeyClient(workspace.ServerKey);

        async Task<string[]> TargetsAsync(string query) =>
            (await client.GetFromJsonAsync<JsonObject>("/v1/audit?action=test.filter&" + query))!["entries"]!.AsArray().Select(e => (string)e!["target"]!["id"]!).ToArray();

        Assert.Equal(["r1"], await TargetsAsync("actor=alice"));
        Assert.Equal(["k7"], await TargetsAsync("actor_kind=server-key"));
        Assert.Equal(["r2"], await TargetsAsync("outcome=denied"));
        Assert.Equal(["r2", "r1"], await TargetsAsync("target_type=role"));
        Assert.Equal(["k7"], await TargetsAsync("target_id=k7"));
        Assert.Equal(["k7", "r2", "r1"], await TargetsAsync("from=2000-01-01&to=2999-01-01T00:00:00Z"));
        Assert.Empty(await TargetsAsync("to=2000-01-01T00:00:00%2B02:00"));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("actor_kind=robot", "actor_kind")]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("action=a&action=b", "action")]
    public async Task List_WithABadParameter_Answers400NamingIt(string query, string parameter)
    {
        var (workspace, _) = await server.WorkspaceAsync();

        var response = await server.ServerKeyClient(workspace.ServerKey).GetAsync("/v1/audit?" + query);

        var problem = await AssertProblemAsync(response, parameter);
        Assert.Contains($"'{parameter}'", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_WithAnUnknownFormat_Answers400NamingIt()
    {
        var (workspace, _) = await server.WorkspaceAsync();

        var response = await server.ServerKeyClient(workspace.ServerKey).GetAsync("/v1/audit/export?format=xlsx");

        await AssertProblemAsync(response, "format");
    }

    [Fact]
    public async Task ExportCsv_HasAHeaderRow_EscapesCells_AndDefusesFormulas()
    {
        var (workspace, id) = await server.WorkspaceAsync();
        var log = server.Services.GetRequiredService<IAuditLog>();
        await log.RecordAsync(new AuditEvent(id, "test.csv", AuditActor.Member("=HYPERLINK(\"http://evil.test\")"), AuditOutcome.Success, "thing", "a,b \"quoted\"", Details: new Dictionary<string, string> { ["note"] = "line1\nline2" }));
        await log.RecordAsync(new AuditEvent(id, "test.csv", AuditActor.Member("@SUM(A1)"), AuditOutcome.Success, "thing", "-2+3"));

        var response = await server.ServerKeyClient(workspace.ServerKey).GetAsync("/v1/audit/export?format=csv&action=test.csv");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = csv.Split("\r\n");
        Assert.Equal("seq,time,actor_kind,actor_id,action,target_type,target_id,outcome,source_ip,request_id,details,hash,prev_hash", lines[0]);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.test\"\")\",test.csv,thing,\"a,b \"\"quoted\"\"\",success,", csv, StringComparison.Ordinal);
        Assert.Contains("\"{\"\"note\"\":\"\"line1\\nline2\"\"}\"", csv, StringComparison.Ordinal);
        Assert.Contains(",'@SUM(A1),test.csv,thing,'-2+3,success,", csv, StringComparison.Ordinal);
        Assert.Equal("", lines[^1]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task ExportNdjson_StreamsEveryMatchingEntryOldestFirst()
    {
        var (workspace, id) = await server.WorkspaceAsync();
        await server.RecordAsync(id, 7, "test.ndjson");

        var response = await server.ServerKeyClient(workspace.ServerKey).GetAsync("/v1/audit/export?format=ndjson&action=test.ndjson");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var entries = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(7, entries.Count);
        Assert.Equal(entries.Select(e => (long)e["seq"]!).Order(), entries.Select(e => (long)e["seq"]!));
        Assert.All(entries, e => Assert.Equal("test.ndjson", (string?)e["action"]));
    }

    [Fact]
    public async Task ListAndExport_NeverReturnEntriesOfAnotherWorkspace()
    {
        var (mine, myId) = await server.WorkspaceAsync();
        var (_, otherId) = await server.WorkspaceAsync();
        await server.RecordAsync(otherId, 3, "test.isolation");
        await server.RecordAsync(AuditEvent.InstanceChain, 1, "test.isolation");
        await server.RecordAsync(myId, 1, "test.isolation");
        var client = server.ServerKeyClient(mine.ServerKey);

        var listed = (await client.GetFromJsonAsync<JsonObject>("/v1/audit?limit=500"))!["entries"]!.AsArray();
        var exported = (await client.GetStringAsync("/v1/audit/export?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Single(listed, e => (string?)e!["action"] == "test.isolation");
        Assert.Single(exported, line => line.Contains("test.isolation", StringComparison.Ordinal));
        var mySeqs = (await server.Services.GetRequiredService<AuditQuery>().StreamAsync(myId, AuditFilter.None).ToListAsync()).Select(e => e.Hash).ToHashSet();
        Assert.All(listed, e => Assert.Contains((string)e!["hash"]!, mySeqs));
    }

    [Fact]
    public async Task ReadingAndExporting_AreThemselvesAudited()
    {
        var (workspace, id) = await server.WorkspaceAsync();
        var client = server.ServerKeyClient(workspace.ServerKey);

        await client.GetAsync("/v1/audit");
        await client.GetAsync("/v1/audit/export?format=csv");

        var actions = (await server.Services.GetRequiredService<AuditQuery>().ListAsync(id, AuditFilter.None, null, 10)).Entries.Select(e => e.Action).ToList();
        Assert.Equal(AuditActions.AuditExported, actions[0]);
        Assert.Equal(AuditActions.AuditRead, actions[1]);
        var read = (await server.Services.GetRequiredService<AuditQuery>().ListAsync(id, new AuditFilter(Action: AuditActions.AuditRead), null, 1)).Entries.Single();
        Assert.Equal(AuditActorKind.ServerKey, read.Actor.Kind);
        Assert.NotNull(read.RequestId);
        Assert.Equal("127.0.0.1", read.SourceIp);
    }

    [Fact]
    public async Task ForbiddenRequest_IsRecordedAsAccessDeniedWithTheRouteAndPermission()
    {
        var (workspace, id) = await server.WorkspaceAsync();

        var response = await server.WriteKeyClient(workspace.WriteKey).GetAsync("/v1/audit?action=x");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var denied = (await server.Services.GetRequiredService<AuditQuery>().ListAsync(id, new AuditFilter(Action: AuditActions.AccessDenied), null, 10)).Entries.Single();
        Assert.Equal(AuditOutcome.Denied, denied.Outcome);
        Assert.Equal(AuditActorKind.WriteKey, denied.Actor.Kind);
        Assert.Equal("endpoint", denied.TargetType);
        Assert.Equal("GET /v1/audit", denied.TargetId);
        Assert.Equal("audit:read", denied.Details!["permission"]);
    }

    [Fact]
    public async Task UnauthenticatedRequest_GetsA401AndNoAccessDeniedEntry()
    {
        var query = server.Services.GetRequiredService<AuditQuery>();
        var before = (await query.ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.AccessDenied), null, 500)).Entries.Count;

        var response = await server.Client().GetAsync("/v1/audit");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, (await query.ListAsync(AuditEvent.InstanceChain, new AuditFilter(Action: AuditActions.AccessDenied), null, 500)).Entries.Count);
    }

    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, string parameter)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("https://waymark.dev/problems/invalid-audit-query", (string?)problem["type"]);
        Assert.Equal(parameter, (string?)problem["parameter"]);
        return problem;
    }
}

public sealed class SqliteAuditApiTests(SqliteServerFixture fixture) : AuditApiTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAuditApiTests(PostgresServerFixture fixture) : AuditApiTests(fixture.Server), IClassFixture<PostgresServerFixture>;
