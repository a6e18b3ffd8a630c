using System.Net;
using System.Text.Json.Nodes;
using Waymark.Ingest.Tests.Privacy;
using Waymark.TestSupport;
using Waymark.Workspaces.Workspaces;
using static Waymark.Ingest.Tests.BackgroundJobs;
using static Waymark.Ingest.Tests.Deletion.DeletionApi;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Ingest.Tests.Deletion;

/// <summary>
/// Deletion through the API on a server that runs every role: accepted as a job, the person gone, later events for the
/// same id suppressed and counted until unsuppressed, batches with bad rows, and companies without their users.
/// </summary>
public abstract class DeletionTests(WaymarkTestServer server)
{
    [Fact]
    public async Task Delete_ThenIngestSameId_IsSuppressedCountedAndNothingStored()
    {
        var (api, workspace) = await SeedAsync("u-del");
        var accepted = await DeleteAsync(api.Full, "/v1/users", new { users = new[] { "u-del" } });
        var job = await WaitForJobAsync(api.Full, (string)accepted["job_id"]!);
        Assert.Equal("completed", (string?)job["status"]);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync("/v1/users/u-del")).StatusCode);

        await api.SendAsync("/v1/identify", new { userId = "u-del", traits = new { email = "again@example.test" } });
        await api.SendAsync("/v1/track", new { userId = "u-del", @event = "Came Back" });
        await api.SendAsync("/v1/group", new { userId = "u-del", groupId = "c-other" });

        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync("/v1/users/u-del")).StatusCode);
        Assert.Equal(0, await CountAsync(server, "events", workspace.InternalId));
        Assert.Equal(0, await CountAsync(server, "users", workspace.InternalId));
        Assert.Equal(0, await CountAsync(server, "memberships", workspace.InternalId));
        Assert.Empty((await GetJsonAsync(api.Full, "/v1/users?trait=email&value=again@example.test"))["users"]!.AsArray());

        var lifted = await PostJsonAsync(api.Full, "/v1/users/u-del/unsuppress");
        Assert.Equal(3, (long)lifted["dropped_events"]!);
        await api.SendAsync("/v1/track", new { userId = "u-del", @event = "Returned For Real" });
        var user = await GetJsonAsync(api.Full, "/v1/users/u-del");
        Assert.Equal(1, (long)user["event_count"]!);
        Assert.Empty(user["traits"]!.AsObject());
    }

    [Fact]
    public async Task Delete_DestroysTheDataKeyAndSearchTermsBeforeAnswering()
    {
        var (api, workspace) = await SeedAsync("u-key");
        Assert.Equal(1, await CountAsync(server, "blind_index", workspace.InternalId));
        var keysBefore = await CountAsync(server, "subject_keys", workspace.InternalId);

        await DeleteAsync(api.Full, "/v1/users/u-key");

        Assert.True(await CountAsync(server, "subject_keys", workspace.InternalId) < keysBefore);
        Assert.Equal(0, await CountAsync(server, "blind_index", workspace.InternalId));
        Assert.Equal(1, await CountAsync(server, "subject_suppressions", workspace.InternalId));
        Assert.Equal(1, await CountAsync(server, "deletion_ledger", workspace.InternalId));
    }

    [Fact]
    public async Task DeleteBatch_WithBadIds_ReportsThemPerRowAndDeletesTheRest()
    {
        var (api, workspace) = await SeedAsync("u-a");
        await api.SendAsync("/v1/track", new { userId = "u-b", @event = "Opened" });
        var accepted = await DeleteAsync(api.Full, "/v1/users", new { users = new object[] { "u-a", "", 42, new { id = "x" }, "u-b", new string('x', 300) } });
        Assert.Equal(6, (int)accepted["total_rows"]!);
        Assert.Equal(3, (int)accepted["failed_rows"]!);

        var job = await WaitForJobAsync(api.Full, (string)accepted["job_id"]!);

        Assert.Equal("partially_completed", (string?)job["status"]);
        Assert.Equal(6, (long)job["total_rows"]!);
        Assert.Equal(6, (long)job["completed_rows"]!);
        Assert.Equal(3, (long)job["failed_rows"]!);
        var rows = job["errors"]!.AsArray().Select(e => (long)e!["row"]!).Order().ToArray();
        Assert.Equal([1L, 3, 5], rows);
        Assert.Equal(0, await CountAsync(server, "events", workspace.InternalId));
        Assert.Equal("delete_users", (string?)job["type"]);
    }

    [Fact]
    public async Task DeleteBatch_With5001Ids_IsRefusedAndDeletesNothing()
    {
        var (api, workspace) = await SeedAsync("u-keep");
        var ids = Enumerable.Range(0, 5_000).Select(i => "other-" + i).Append("u-keep").ToArray();

        var problem = await DeleteAsync(api.Full, "/v1/users", new { users = ids }, HttpStatusCode.BadRequest);

        Assert.Equal("Too many ids", (string?)problem["title"]);
        Assert.Contains("5000", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.Full.GetAsync("/v1/users/u-keep")).StatusCode);
        Assert.Equal(0, await CountAsync(server, "subject_suppressions", workspace.InternalId));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"users\": []}")]
    [InlineData("{\"users\": \"u-keep\"}")]
    [InlineData("not json")]
    public async Task DeleteBatch_WithAMalformedBody_IsAClearProblemAndDeletesNothing(string body)
    {
        var (api, workspace) = await SeedAsync("u-keep");
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/users") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var response = await api.Full.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CountAsync(server, "subject_suppressions", workspace.InternalId));
    }

    [Fact]
    public async Task DeleteCompany_RemovesItsTraitsAndGroupEvents_NotItsMembers()
    {
        var (api, workspace) = await SeedAsync("u-member");
        await api.SendAsync("/v1/group", new { userId = "u-member", groupId = "c-gone", traits = new { name = "Acme" } });
        Assert.Equal(3, await CountAsync(server, "events", workspace.InternalId));

        var accepted = await DeleteAsync(api.Full, "/v1/companies", new { companies = new[] { "c-gone" } });
        var job = await WaitForJobAsync(api.Full, (string)accepted["job_id"]!);

        Assert.Equal("completed", (string?)job["status"]);
        Assert.Equal("delete_companies", (string?)job["type"]);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync("/v1/companies/c-gone")).StatusCode);
        var user = await GetJsonAsync(api.Full, "/v1/users/u-member");
        Assert.Empty(user["company_ids"]!.AsArray());
        Assert.Equal(2, (long)user["event_count"]!);
        Assert.Equal(0, await CountAsync(server, "companies", workspace.InternalId));

        await api.SendAsync("/v1/group", new { userId = "u-member", groupId = "c-gone", traits = new { name = "Acme again" } });
        Assert.Equal(HttpStatusCode.NotFound, (await api.Full.GetAsync("/v1/companies/c-gone")).StatusCode);
        Assert.Equal(2, await CountAsync(server, "events", workspace.InternalId));
    }

    [Fact]
    public async Task Delete_IsAuditedWithoutTheIdInClear()
    {
        var (api, _) = await SeedAsync("u-audited-7731");
        var accepted = await DeleteAsync(api.Full, "/v1/users/u-audited-7731");
        await WaitForJobAsync(api.Full, (string)accepted["job_id"]!);

        var deleted = Assert.Single(await api.AuditAsync("data.deleted"));
        Assert.Equal((string?)accepted["job_id"], (string?)deleted["details"]!["job_id"]);
        Assert.Matches("^[0-9a-f]{32}$", (string?)deleted["target"]!["id"]);
        Assert.Single(await api.AuditAsync("data.purged"));
        var export = await (await api.Full.GetAsync("/v1/audit/export?format=ndjson")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("u-audited-7731", export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_WithoutDataDelete_IsForbiddenAndDeletesNothing()
    {
        var (api, workspace) = await SeedAsync("u-safe");
        using var reader = await api.KeyClientAsync("data:read");

        using var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/users/u-safe");
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.SendAsync(request)).StatusCode);
        using var unsuppress = await reader.PostAsync("/v1/users/u-safe/unsuppress", null);
        Assert.Equal(HttpStatusCode.Forbidden, unsuppress.StatusCode);
        Assert.Equal(0, await CountAsync(server, "subject_suppressions", workspace.InternalId));
    }

    [Fact]
    public async Task Unsuppress_WhenNotSuppressed_IsNotFound()
    {
        var (api, _) = await SeedAsync("u-plain");
        using var response = await api.Full.PostAsync("/v1/users/u-plain/unsuppress", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<(WorkspaceClient Api, CreatedWorkspace Workspace)> SeedAsync(string userId)
    {
        var workspace = await server.CreateWorkspaceAsync();
        var api = new WorkspaceClient(server, workspace.WriteKey, workspace.ServerKey);
        await api.SendAsync("/v1/identify", new { userId, traits = new { email = userId + "@example.test" } });
        await api.SendAsync("/v1/track", new { userId, @event = "Opened Report", properties = new { report = "weekly" } });
        return (api, workspace);
    }

    private static async Task<JsonObject> PostJsonAsync(HttpClient client, string path)
    {
        using var response = await client.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}

public sealed class SqliteDeletionTests(SqliteServerFixture fixture) : DeletionTests(fixture.Server), IClassFixture<SqliteServerFixture>;

public sealed class PostgresDeletionTests(PostgresServerFixture fixture) : DeletionTests(fixture.Server), IClassFixture<PostgresServerFixture>;
