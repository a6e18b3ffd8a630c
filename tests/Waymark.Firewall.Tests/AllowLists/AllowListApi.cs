using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Invitations;
using Waymark.Firewall.AllowLists;
using Waymark.TestSupport;
using Waymark.TestSupport.Dashboard;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Firewall.Tests.AllowLists;

/// <summary>One fresh workspace seen through the API with its first (full) server key, and an operator's hand on its lists.</summary>
internal sealed class AllowListApi(WaymarkTestServer server, CreatedWorkspace workspace)
{
    public const string Lists = "/v1/firewall/allow-lists";

    public CreatedWorkspace Workspace { get; } = workspace;

    /// <summary>The workspace's first server key, which holds every permission.</summary>
    public HttpClient Full { get; } = server.ServerKeyClient(workspace.ServerKey);

    public HttpClient Write { get; } = server.WriteKeyClient(workspace.WriteKey);

    private AllowListStore Store => server.Services.GetRequiredService<AllowListStore>();

    public static async Task<AllowListApi> CreateAsync(WaymarkTestServer server) => new(server, await server.CreateWorkspaceAsync());

    public Task<HttpResponseMessage> AddAsync(string surface, object body, HttpClient? client = null) =>
        (client ?? Full).PostAsync($"{Lists}/{surface}", Json(body));

    /// <summary>Adds a range as an operator at the command line would: never refused for the caller's own address.</summary>
    public async Task OperatorAddsAsync(string surface, string cidr)
    {
        var outcome = await Store.AddAsync(Caller.Operator(), Workspace.InternalId, surface, cidr, "test");
        Assert.True(outcome.Succeeded, outcome.Refusal?.Detail);
    }

    public Task OperatorClearsAsync(string surface) => Store.ClearAsync(Caller.Operator(), Workspace.InternalId, surface);

    /// <summary>A client whose key holds only <paramref name="scopes"/>.</summary>
    public async Task<HttpClient> KeyClientAsync(params string[] scopes)
    {
        var created = await Full.PostAsync("/v1/keys", Json(new { name = "narrow", scopes }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return server.ServerKeyClient((string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!);
    }

    /// <summary>A new owner of the workspace, signed in to the dashboard (invited by an operator, then accepted).</summary>
    public async Task<DashboardClient> SignedInOwnerAsync()
    {
        var invitations = server.Services.GetRequiredService<InvitationService>();
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        var password = "Fw-" + Guid.NewGuid().ToString("N");
        var invited = await invitations.InviteAsync(Caller.Operator(), Workspace.InternalId, email, "owner", server.BaseAddress);
        Assert.True(invited.Succeeded, invited.Refusal?.Detail);
        var token = invited.Value!.Link!.Split('/')[^1];
        var accepted = await invitations.AcceptAsync(token, null, password, null, null);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Detail);
        var client = new DashboardClient(server.BaseAddress);
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>This workspace's audit entries with <paramref name="action"/>, newest first (read with the full key).</summary>
    public async Task<IReadOnlyList<JsonObject>> AuditAsync(string action)
    {
        var page = await Full.GetFromJsonAsync<JsonObject>("/v1/audit?limit=500&action=" + Uri.EscapeDataString(action));
        return page!["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    public async Task<JsonObject> ListsAsync()
    {
        var response = await Full.GetAsync(Lists);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static IReadOnlyList<string> Cidrs(JsonObject lists, string surface) =>
        lists[surface]!.AsArray().Select(r => (string)r!["cidr"]!).ToList();

    /// <summary>Asserts a problem+json answer with the given status and type (the last segment of its type URI).</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.EndsWith("/" + type, (string)problem["type"]!, StringComparison.Ordinal);
        return problem;
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");
}
