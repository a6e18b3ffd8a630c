using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Invitations;
using Waymark.StaffAccess.Operators;
using Waymark.TestSupport;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Email;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.StaffAccess.Tests.Support;

/// <summary>
/// A fresh workspace with a signed-in owner and its full server key, and a signed-in instance operator: the cast of
/// every staff-access test. The operator works through the console page, owners through the API or their pages.
/// </summary>
internal sealed class StaffAccessScene(StaffAccessFixture fixture, CreatedWorkspace workspace, string workspaceName, string ownerEmail, DashboardClient owner, string operatorEmail, string operatorPassword, DashboardClient op) : IDisposable
{
    public CreatedWorkspace Workspace { get; } = workspace;

    public string Ws => Workspace.WorkspaceId;

    public string WorkspaceName { get; } = workspaceName;

    public string OwnerEmail { get; } = ownerEmail;

    public DashboardClient Owner { get; } = owner;

    public string OperatorEmail { get; } = operatorEmail;

    public string OperatorPassword { get; } = operatorPassword;

    /// <summary>The operator's browser.</summary>
    public DashboardClient Operator { get; } = op;

    /// <summary>The workspace's first server key, holding every permission (support:approve and audit:read among them).</summary>
    public HttpClient Full { get; } = fixture.Server.ServerKeyClient(workspace.ServerKey);

    public WaymarkTestServer Server => fixture.Server;

    public static async Task<StaffAccessScene> CreateAsync(StaffAccessFixture fixture)
    {
        var server = fixture.Server;
        var name = "Acme " + Guid.NewGuid().ToString("N")[..6];
        var workspace = await server.CreateWorkspaceAsync(name);
        var ownerEmail = $"owner-{Guid.NewGuid():N}@example.test";
        var owner = await JoinAsync(fixture, workspace, ownerEmail, "owner");
        var operatorEmail = $"ops-{Guid.NewGuid():N}@example.test";
        var operatorPassword = "Ops-" + Guid.NewGuid().ToString("N");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().AddAsync(operatorEmail, operatorPassword);
            Assert.True(created.Succeeded, created.Refusal?.Detail);
        }

        var op = new DashboardClient(server.BaseAddress);
        await op.SignInAsync(operatorEmail, operatorPassword);
        return new StaffAccessScene(fixture, workspace, name, ownerEmail, owner, operatorEmail, operatorPassword, op);
    }

    /// <summary>A new member with <paramref name="role"/>, invited by the command line and signed in.</summary>
    public static async Task<DashboardClient> JoinAsync(StaffAccessFixture fixture, CreatedWorkspace workspace, string email, string role)
    {
        var server = fixture.Server;
        var invitations = server.Services.GetRequiredService<InvitationService>();
        var password = "Mb-" + Guid.NewGuid().ToString("N");
        var invited = await invitations.InviteAsync(Caller.Operator(), workspace.InternalId, email, role, server.BaseAddress);
        Assert.True(invited.Succeeded, invited.Refusal?.Detail);
        var token = await InvitationTokenAsync(fixture, email);
        var accepted = await invitations.AcceptAsync(token, null, password, null, null);
        Assert.True(accepted.Succeeded, accepted.Refusal?.Detail);
        var client = new DashboardClient(server.BaseAddress);
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>The token of the invitation mailed to <paramref name="email"/>.</summary>
    public static async Task<string> InvitationTokenAsync(StaffAccessFixture fixture, string email)
    {
        var mail = await fixture.Mail.WaitForMessageAsync(email, TimeSpan.FromSeconds(30));
        return SmtpSink.FindUrl(mail, "/invite/").AbsolutePath.Split('/')[^1];
    }

    /// <summary>The operator asks for access through the console's form; answers the form's response.</summary>
    public Task<DashboardPage> TryOpenAsync(IEnumerable<string> scope, int minutes = 60, string reason = "Customer ticket 4711: their import fails", string? ws = null) =>
        Operator.PostFormAsync("/operator", [new("Workspace", ws ?? Ws), new("Reason", reason), new("DurationMinutes", minutes.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. scope.Select(p => new KeyValuePair<string, string>("Scope", p))], "/operator?handler=open");

    /// <summary>Opens a ticket and answers its id (from the workspace's list, newest first).</summary>
    public async Task<long> OpenAsync(params string[] scope) => await OpenForAsync(60, scope);

    public async Task<long> OpenForAsync(int minutes, params string[] scope)
    {
        var answer = await TryOpenAsync(scope, minutes);
        Assert.True(answer.Status == HttpStatusCode.Redirect, $"Opening a ticket answered {(int)answer.Status}:\n{answer.Html}");
        var tickets = await TicketsAsync();
        return (long)tickets[0]!["id"]!;
    }

    public async Task<JsonArray> TicketsAsync(string query = "")
    {
        var response = await Full.GetAsync("/v1/support-tickets" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["tickets"]!.AsArray();
    }

    public async Task<JsonObject> TicketAsync(long id) => (await Full.GetFromJsonAsync<JsonObject>($"/v1/support-tickets/{id}"))!;

    /// <summary>An owner's transition through the API (approve, deny or end); answers the response.</summary>
    public Task<HttpResponseMessage> DecideAsync(long id, string transition, HttpClient? client = null) =>
        (client ?? Full).PostAsync($"/v1/support-tickets/{id}/{transition}", null);

    public async Task ApproveAsync(long id) => Assert.Equal(HttpStatusCode.OK, (await DecideAsync(id, "approve")).StatusCode);

    /// <summary>This workspace's audit entries with <paramref name="action"/>, newest first, read through /v1/audit.</summary>
    public async Task<IReadOnlyList<JsonObject>> AuditAsync(string action)
    {
        var page = await Full.GetFromJsonAsync<JsonObject>("/v1/audit?limit=500&action=" + Uri.EscapeDataString(action));
        return page!["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
    }

    public void Dispose()
    {
        Owner.Dispose();
        Operator.Dispose();
        Full.Dispose();
    }
}
