using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Waymark.Experiences.Tests.Support;
using Waymark.TestSupport;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.Authoring;

/// <summary><c>/v1/flows</c> and <c>/v1/checklists</c>: validation, drafts and versions, audited publishing, permissions.</summary>
public abstract class AuthoringTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Create_SanitisesRichText_AndStartsAsDraftVersionOne()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var created = await api.Full.PostAsync("/v1/flows", Json(SampleContent.Flow()));
        var body = await ApiAnswers.ReadJsonAsync(created, HttpStatusCode.Created);

        Assert.Equal("draft", (string?)body["content"]!["status"]);
        Assert.Equal(1, (int?)body["content"]!["draft_version"]);
        Assert.Null(body["content"]!["production_version"]);
        var html = (string)body["definition"]!["steps"]![0]!["body"]!;
        Assert.Contains("<b>there</b>", html);
        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("rel=\"noopener noreferrer\"", html);
        Assert.Equal("center", (string?)body["definition"]!["steps"]![2]!["align"]);
    }

    [Theory]
    [InlineData("""{"name":"x","steps":[]}""", "1 to 20 steps")]
    [InlineData("""{"name":"","steps":[{"type":"modal","title":"a","body":""}]}""", "name is required")]
    [InlineData("""{"name":"x","steps":[{"type":"popup","title":"a","body":""}]}""", "steps[0].type")]
    [InlineData("""{"name":"x","steps":[{"type":"tooltip","title":"a","body":""}]}""", "steps[0].target")]
    [InlineData("""{"name":"x","steps":[{"type":"modal","title":"a","body":"","advance":{"on":"click"}}]}""", "needs a step with a target")]
    [InlineData("""{"name":"x","steps":[{"type":"modal","title":"a","body":"","buttons":[{"label":"Go","action":"url","url":"javascript:alert(1)"}]}]}""", "http or https")]
    [InlineData("""{"name":"x","steps":[{"type":"modal","title":"a","body":""}],"targeting":{"priority":101}}""", "priority")]
    [InlineData("""{"name":"x","steps":[{"type":"modal","title":"a","body":""}],"targeting":{"pages":[{"match":"regex","value":"/a"}]}}""", "pages[0]")]
    [InlineData("""{"name":"x","steps":[{"type":"modal","title":"a","body":""}],"targeting":{"starts_at":"2026-12-02T00:00:00Z","ends_at":"2026-12-01T00:00:00Z"}}""", "ends_at")]
    [InlineData("""{"name":"x","steps":[{"type":"modal","title":"a","body":"","colour":"red"}]}""", "could not be read")]
    [InlineData("""{"name":"x","steps":[{"type":"modal","title":"a","body":""}],"targeting":{"segment_id":"seg_nothere"}}""", "segment_id names no segment")]
    [InlineData("""{"name":"x","steps":[{"type":"modal","title":"a","body":"","buttons":[{"label":"Go","action":"flow","flow_id":"flw_0000000000000000"}]}]}""", "names no flow")]
    public async Task Create_InvalidFlow_Returns400WithWhatToFix_AndSavesNothing(string json, string expected)
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var answer = await api.Full.PostAsync("/v1/flows", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await ApiAnswers.AssertProblemAsync(answer, HttpStatusCode.BadRequest, ProblemTypeOf(expected));
        Assert.Contains(expected, (string?)problem["detail"]);
        Assert.Empty((await GetJsonAsync(api.Full, "/v1/flows"))["items"]!.AsArray());
        Assert.Empty(await api.AuditAsync("content.created"));
    }

    [Fact]
    public async Task Update_AfterPublishing_CreatesANewDraft_AndLeavesTheLiveVersionUntouched()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await CreateFlowAsync(api, "Tour");
        Assert.Equal(HttpStatusCode.OK, (await api.Full.PutAsync($"/v1/flows/{id}", Json(SampleContent.Flow("Tour, edited")))).StatusCode);
        await PublishAsync(api, id, "production");

        var edited = await ApiAnswers.ReadJsonAsync(await api.Full.PutAsync($"/v1/flows/{id}", Json(SampleContent.Flow("Tour v2"))));
        Assert.Equal(2, (int?)edited["version"]);
        Assert.Equal(1, (int?)edited["content"]!["production_version"]);
        Assert.Equal(2, (int?)edited["content"]!["draft_version"]);

        var live = await GetJsonAsync(api.Full, $"/v1/flows/{id}?version=1");
        Assert.Equal("Tour, edited", (string?)live["definition"]!["name"]);
        var again = await ApiAnswers.ReadJsonAsync(await api.Full.PutAsync($"/v1/flows/{id}", Json(SampleContent.Flow("Tour v2b"))));
        Assert.Equal(2, (int?)again["version"]);
    }

    [Fact]
    public async Task Publish_ToStagingThenPromote_IsAuditedPerEnvironment()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await CreateFlowAsync(api, "Tour");
        await PublishAsync(api, id, "staging");
        await api.Full.PutAsync($"/v1/flows/{id}", Json(SampleContent.Flow("Tour v2")));

        var promoted = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync($"/v1/flows/{id}/publish", Json(new { environment = "production", version = 1 })));
        Assert.Equal(1, (int?)promoted["production_version"]);
        Assert.Equal(2, (int?)promoted["draft_version"]);
        Assert.Equal("live", (string?)promoted["status"]);

        var entries = await api.AuditAsync("content.published");
        Assert.Equal(["production", "staging"], entries.Select(e => (string?)e["details"]!["environment"]));
        Assert.All(entries, e => Assert.Equal(id, (string?)e["target"]!["id"]));

        Assert.Equal(HttpStatusCode.OK, (await api.Full.PostAsync($"/v1/flows/{id}/unpublish", Json(new { environment = "production" }))).StatusCode);
        Assert.Single(await api.AuditAsync("content.unpublished"));
        await ApiAnswers.AssertProblemAsync(await api.Full.PostAsync($"/v1/flows/{id}/publish", Json(new { environment = "prod" })), HttpStatusCode.BadRequest, "invalid-environment");
        await ApiAnswers.AssertProblemAsync(await api.Full.PostAsync($"/v1/flows/{id}/publish", Json(new { environment = "production", version = 9 })), HttpStatusCode.BadRequest, "unknown-version");
    }

    [Fact]
    public async Task Checklist_ReferencingAFlow_IsCreated_AndArchivingRemovesItFromTheList()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var flowId = await CreateFlowAsync(api, "Tour");
        var created = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/checklists", Json(SampleContent.Checklist(flowId))), HttpStatusCode.Created);
        var id = (string)created["content"]!["id"]!;
        Assert.StartsWith("chk_", id);
        Assert.Single((await GetJsonAsync(api.Full, "/v1/checklists"))["items"]!.AsArray());

        Assert.Equal(HttpStatusCode.OK, (await api.Full.DeleteAsync($"/v1/checklists/{id}")).StatusCode);
        Assert.Empty((await GetJsonAsync(api.Full, "/v1/checklists"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync($"/v1/flows/{id}")).StatusCode);
        Assert.Single(await api.AuditAsync("content.archived"));
    }

    [Fact]
    public async Task Writes_WithoutContentEdit_Return403_AndReadsNeedWorkspaceView()
    {
        var api = await WorkspaceClient.CreateAsync(server);
        var id = await CreateFlowAsync(api, "Tour");
        using var viewer = await api.KeyClientAsync("workspace:view");
        using var writer = await api.KeyClientAsync("events:write");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/v1/flows", Json(SampleContent.Flow()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/v1/flows/{id}/publish", Json(new { environment = "production" }))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/v1/flows/{id}/progress")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/v1/flows/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync("/v1/flows")).StatusCode);
        Assert.Empty(await api.AuditAsync("content.published"));
    }

    internal static async Task<string> CreateFlowAsync(WorkspaceClient api, string name, object? definition = null)
    {
        var created = await ApiAnswers.ReadJsonAsync(await api.Full.PostAsync("/v1/flows", Json(definition ?? SampleContent.Flow(name))), HttpStatusCode.Created);
        return (string)created["content"]!["id"]!;
    }

    internal static async Task PublishAsync(WorkspaceClient api, string id, string environment)
    {
        var path = id.StartsWith("chk_", StringComparison.Ordinal) ? "checklists" : "flows";
        Assert.Equal(HttpStatusCode.OK, (await api.Full.PostAsync($"/v1/{path}/{id}/publish", Json(new { environment }))).StatusCode);
    }

    private static string ProblemTypeOf(string expected) =>
        expected.Contains("segment", StringComparison.Ordinal) ? "unknown-segment"
        : expected.Contains("names no flow", StringComparison.Ordinal) ? "unknown-flow"
        : "invalid-flow";
}

public sealed class SqliteAuthoringTests(SqliteServerFixture fixture) : AuthoringTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresAuthoringTests(PostgresServerFixture fixture) : AuthoringTests(fixture.Server), IClassFixture<PostgresServerFixture>;
