using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Invitations;
using Waymark.Accounts.People;
using Waymark.Accounts.Setup;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Incidents.Signals;
using Waymark.TestSupport;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Email;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Incidents.Tests.Support;

/// <summary>
/// A fresh workspace with an owner of its own (an instance owner, as only they create workspaces), on a shared server,
/// and what the tests do with it: invite members, sign in, call the API, read incidents.
/// </summary>
public sealed class IncidentWorkspace
{
    private IncidentWorkspace(WaymarkTestServer server, SmtpSink mail, CreatedWorkspace created, TestMember owner)
    {
        Server = server;
        Mail = mail;
        Created = created;
        Owner = owner;
    }

    public WaymarkTestServer Server { get; }

    public SmtpSink Mail { get; }

    public CreatedWorkspace Created { get; }

    public TestMember Owner { get; }

    public long Id => Created.InternalId;

    public string PublicId => Created.WorkspaceId;

    public IServiceProvider Services => Server.Services;

    public static async Task<IncidentWorkspace> CreateAsync(WaymarkTestServer server, SmtpSink mail)
    {
        var owner = await NewAccountAsync(server.Services, instanceOwner: true);
        var caller = new Caller(AuditActor.Member(owner.AccountId), Permissions.All.ToHashSet(StringComparer.Ordinal));
        var created = await server.Services.GetRequiredService<InstanceSetup>().CreateWorkspaceAsync(caller, "Workspace " + Guid.NewGuid().ToString("N")[..8]);
        Assert.True(created.Succeeded, created.Refusal?.Detail);
        return new IncidentWorkspace(server, mail, created.Value!, owner);
    }

    public static string NewEmail(string name = "member") => $"{name}-{Guid.NewGuid():N}@example.test";

    /// <summary>Invites a new person with <paramref name="role"/> by mail and accepts the invitation with a new account.</summary>
    public async Task<TestMember> InviteAsync(string role)
    {
        var email = NewEmail(role);
        var invitations = Services.GetRequiredService<InvitationService>();
        var invited = await invitations.InviteAsync(Caller.Operator(), Id, email, role, Server.BaseAddress);
        Assert.True(invited.Succeeded, invited.Refusal?.Detail);
        var link = SmtpSink.FindUrl(await Mail.WaitForMessageAsync(email, Waits.Generous), "/invite/");
        var password = "Tw-" + Guid.NewGuid().ToString("N");
        var accepted = await invitations.AcceptAsync(link.AbsolutePath["/invite/".Length..], null, password, "127.0.0.1", null);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Detail);
        return new TestMember(accepted.Value.Account.Id, email, password);
    }

    /// <summary>A client sending the workspace's first server key, which holds every permission.</summary>
    public HttpClient FullKeyClient() => Server.ServerKeyClient(Created.ServerKey);

    /// <summary>A dashboard client signed in as <paramref name="member"/> through the sign-in form.</summary>
    public async Task<DashboardClient> SignInAsync(TestMember member)
    {
        var client = new DashboardClient(Server.BaseAddress);
        await client.SignInAsync(member.Email, member.Password);
        return client;
    }

    public Task RecordAsync(AuditEvent entry) => Services.GetRequiredService<IAuditLog>().RecordAsync(entry);

    /// <summary>The workspace's incidents as the API lists them (first page), newest first.</summary>
    public async Task<IReadOnlyList<JsonObject>> IncidentsAsync(string query = "")
    {
        using var client = FullKeyClient();
        var list = await client.GetFromJsonAsync<JsonObject>("/v1/incidents" + query);
        return list!["incidents"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }

    /// <summary>Waits until the workspace has an incident from <paramref name="detector"/>.</summary>
    public Task<JsonObject> WaitForIncidentAsync(string detector) =>
        Waits.ForAsync(async () => (await IncidentsAsync()).FirstOrDefault(i => (string?)i["detector"] == detector), $"a {detector} incident in {PublicId}");

    /// <summary>
    /// Records an overdue access review and waits for its incident: everything recorded before it has then been seen by
    /// the detectors, so a test can check what did not open an incident without waiting for a fixed time.
    /// </summary>
    public async Task<IReadOnlyList<JsonObject>> IncidentsOnceAllIsSeenAsync()
    {
        var campaign = Guid.NewGuid().ToString("N");
        await RecordAsync(new AuditEvent(Id, AuditActions.AccessReviewOverdue, AuditActor.System, AuditOutcome.Success, "access-review", campaign));
        await Waits.ForAsync(async () => (await IncidentsAsync()).FirstOrDefault(i => ((string?)i["title"])!.Contains(campaign, StringComparison.Ordinal)), "the marker incident");
        return (await IncidentsAsync()).Where(i => !((string?)i["title"])!.Contains(campaign, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The installation's own incidents (workspace 0) whose title mentions <paramref name="text"/>.</summary>
    internal async Task<IReadOnlyList<IncidentView>> InstanceIncidentsAsync(string text)
    {
        var page = await Services.GetRequiredService<IncidentBook>().ListAsync(AuditEvent.InstanceChain, null, null, null, IncidentBook.MaxPageSize, CancellationToken.None);
        return page.Value!.Incidents.Where(i => i.Title.Contains(text, StringComparison.Ordinal)).ToList();
    }

    public static StringContent Json(object value) => ApiAnswers.Json(value);

    /// <summary>Asserts a problem+json answer with the given status and type (the last segment of its type URI).</summary>
    public static Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type) => ApiAnswers.AssertProblemAsync(response, status, type);

    public static Task<JsonObject> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK) => ApiAnswers.ReadJsonAsync(response, status);

    private static async Task<TestMember> NewAccountAsync(IServiceProvider services, bool instanceOwner)
    {
        var email = NewEmail("owner");
        var password = "Tw-" + Guid.NewGuid().ToString("N");
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = new Account { UserName = email, Email = email, EmailConfirmed = true, IsInstanceOwner = instanceOwner, CreatedAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() };
        var created = await users.CreateAsync(account, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return new TestMember(account.Id, email, password);
    }
}
