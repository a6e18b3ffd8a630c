using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Invitations;
using Waymark.Accounts.Members;
using Waymark.Accounts.Sso;
using Waymark.Audit;
using Waymark.TestSupport;
using Waymark.TestSupport.Dashboard;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.AccessReviews.Tests.Support;

/// <summary>A person who joined through an invitation, with the password the tests gave them.</summary>
public sealed record ReviewMember(string AccountId, string Email, string Password);

/// <summary>
/// A fresh workspace, its first (full) server key as the reviewer, and what the tests do around a review: members who
/// join by invitation and sign in, keys they create, the API's answers, waiting for the worker.
/// </summary>
internal sealed class ReviewWorkspace(WaymarkTestServer server, CreatedWorkspace created)
{
    public const string Reviews = "/v1/access-reviews";

    public WaymarkTestServer Server { get; } = server;

    public CreatedWorkspace Created { get; } = created;

    public long Id => Created.InternalId;

    public string PublicId => Created.WorkspaceId;

    /// <summary>The workspace's first server key, which holds every permission.</summary>
    public HttpClient Full { get; } = server.ServerKeyClient(created.ServerKey);

    public static async Task<ReviewWorkspace> CreateAsync(WaymarkTestServer server) =>
        new(server, await server.CreateWorkspaceAsync("Reviews " + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>Invites a person with <paramref name="role"/> as an operator would, and accepts the invitation with a new account.</summary>
    public async Task<ReviewMember> JoinAsync(string role)
    {
        var invitations = Server.Services.GetRequiredService<InvitationService>();
        var email = $"{role}-{Guid.NewGuid():N}@example.test";
        var password = "Ar-" + Guid.NewGuid().ToString("N");
        var invited = await invitations.InviteAsync(Caller.Operator(), Id, email, role, Server.BaseAddress);
        Assert.True(invited.Succeeded, invited.Refusal?.Detail);
        var accepted = await invitations.AcceptAsync(invited.Value!.Link!.Split('/')[^1], null, password, null, null);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Detail);
        return new ReviewMember(accepted.Value.Account.Id, email, password);
    }

    /// <summary>Brings a former member back with <paramref name="role"/>, as signing in through single sign-on would.</summary>
    public async Task RejoinAsync(ReviewMember member, string role)
    {
        var invitations = Server.Services.GetRequiredService<InvitationService>();
        var invited = await invitations.InviteAsync(Caller.Operator(), Id, member.Email, role, Server.BaseAddress);
        Assert.True(invited.Succeeded, invited.Refusal?.Detail);
        var accepted = await invitations.AcceptAsync(invited.Value!.Link!.Split('/')[^1], member.AccountId, null, null, null);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Detail);
    }

    /// <summary>Connects the workspace to an identity provider (nothing is fetched from it until someone signs in).</summary>
    public async Task ConfigureSsoAsync()
    {
        var settings = new SsoSettings("https://idp.example.test", "waymark", "secret", [$"r{Guid.NewGuid():N}.example.test"], "viewer");
        var outcome = await Server.Services.GetRequiredService<SsoConnections>().ConfigureAsync(Caller.Operator(), Id, settings);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Detail);
    }

    public async Task<DashboardClient> SignInAsync(ReviewMember member)
    {
        var client = new DashboardClient(Server.BaseAddress);
        await client.SignInAsync(member.Email, member.Password);
        return client;
    }

    /// <summary>A member acting with the permissions of their role, as the dashboard passes them to services.</summary>
    public async Task<Caller> CallerForAsync(ReviewMember member)
    {
        var (_, permissions, _) = await Server.Services.GetRequiredService<MemberDirectory>().PermissionsOfAsync(member.AccountId, Id);
        return new Caller(AuditActor.Member(member.AccountId), permissions.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>A server key created by <paramref name="caller"/>.</summary>
    public async Task<CreatedKey> CreateKeyAsync(Caller caller, params string[] scopes)
    {
        var outcome = await Server.Services.GetRequiredService<KeyService>().CreateServerKeyAsync(caller, Id, "reviewed key", scopes, null);
        Assert.True(outcome.Succeeded, outcome.Refusal?.Detail);
        return outcome.Value!;
    }

    /// <summary>A client whose key holds exactly <paramref name="scopes"/>.</summary>
    public async Task<HttpClient> KeyClientAsync(params string[] scopes) => Server.ServerKeyClient((await CreateKeyAsync(Caller.Operator(), scopes)).Secret);

    public async Task<KeyView> KeyAsync(long keyId) =>
        (await Server.Services.GetRequiredService<KeyService>().ListAsync(Id)).Single(k => k.Id == keyId);

    public async Task<bool> IsMemberAsync(string accountId) =>
        (await Server.Services.GetRequiredService<MemberDirectory>().MembersAsync(Id)).Any(m => m.AccountId == accountId);

    public async Task<JsonObject> StartAsync(HttpClient? client = null)
    {
        var response = await (client ?? Full).PostAsync(Reviews, null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonObject> GetAsync(long campaignId)
    {
        var response = await Full.GetAsync($"{Reviews}/{campaignId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<IReadOnlyList<JsonObject>> ListAsync(string? state = null)
    {
        var response = await Full.GetAsync(state is null ? Reviews : $"{Reviews}?state={state}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_reviews"]!.AsArray().Select(c => c!.AsObject()).ToList();
    }

    public Task<HttpResponseMessage> DecideAsync(long campaignId, long itemId, object body, HttpClient? client = null) =>
        (client ?? Full).PostAsync($"{Reviews}/{campaignId}/items/{itemId}/decision", Json(body));

    /// <summary>Waits for the worker to start a campaign of <paramref name="kind"/> in this workspace; the guard only stops a hang.</summary>
    public async Task<JsonObject> WaitForCampaignAsync(string kind)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            if ((await ListAsync()).FirstOrDefault(c => (string?)c["kind"] == kind) is { } campaign)
            {
                return campaign;
            }

            Assert.False(guard.IsCancellationRequested, $"No {kind} campaign was started.");
            await Task.Delay(100);
        }
    }

    /// <summary>This workspace's audit entries of <paramref name="action"/>, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntryView>> AuditAsync(string action) =>
        (await Server.Services.GetRequiredService<AuditQuery>().ListAsync(Id, new AuditFilter { Action = action }, null, AuditQuery.MaxLimit)).Entries;

    public static IReadOnlyList<JsonObject> Items(JsonObject detail) => detail["items"]!.AsArray().Select(i => i!.AsObject()).ToList();

    public static StringContent Json(object value) => ApiAnswers.Json(value);

    /// <summary>Asserts a problem+json answer with the given status and type (the last segment of its type URI).</summary>
    public static Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type) => ApiAnswers.AssertProblemAsync(response, status, type);
}
