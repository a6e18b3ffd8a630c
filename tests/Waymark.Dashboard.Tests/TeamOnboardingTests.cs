using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport;
using Waymark.TestSupport.Email;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// The issue's scenario end to end, in headless Chromium against the real <c>waymark serve</c> process: first-run
/// setup, an invitation by email, a custom role, and a role change that reaches the member's open session at once.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class TeamOnboardingTests
{
    private const string MemberEmail = "member@example.com";
    private const string MemberPassword = "copper-kettle-meadow-lark-9";
    private const string CustomRole = "Key keeper";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Owner_SetsUpInstance_InvitesMember_WhoAcceptsFromEmail_ThenGrantsCustomRole(string provider)
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var server = await DashboardServer.StartAsync(provider, mail);
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        await using var member = await BrowserChecks.NewSessionAsync(server);
        var a = owner.Page;
        var b = member.Page;

        // A: first-run setup through the link the server printed.
        await a.GotoAsync(server.SetupLink.ToString());
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Set up Waymark", Level = 1 })).ToBeVisibleAsync();
        await a.GetByLabel("Email address").FillAsync(DashboardServer.OwnerEmail);
        await a.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardServer.OwnerPassword);
        await a.GetByLabel("Workspace name").FillAsync(DashboardServer.WorkspaceName);
        await a.GetByRole(AriaRole.Button, new() { Name = "Create account and workspace" }).ClickAsync();

        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Waymark is ready", Level = 1 })).ToBeVisibleAsync();
        var writeKey = await a.GetByLabel("Write key", new() { Exact = true }).InputValueAsync();
        var serverKey = await a.GetByLabel("Server key", new() { Exact = true }).InputValueAsync();
        Assert.NotEmpty(writeKey);
        Assert.NotEmpty(serverKey);
        Assert.NotEqual(writeKey, serverKey);

        await a.GetByRole(AriaRole.Link, new() { Name = "Continue to the workspace" }).ClickAsync();
        await a.WaitForURLAsync(WorkspaceHome(), BrowserChecks.Navigated);
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = DashboardServer.WorkspaceName, Level = 1 })).ToBeVisibleAsync();
        var ws = a.WorkspaceOf();

        // A: invite the member as a Viewer.
        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Members", Level = 1 })).ToBeVisibleAsync();
        await a.GetByRole(AriaRole.Link, new() { Name = "Invite someone" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "Invite someone", Level = 1 })).ToBeVisibleAsync();
        await a.GetByLabel("Email address").FillAsync(MemberEmail);
        await a.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Viewer" });
        await a.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "Invitation sent." })).ToBeVisibleAsync();
        await Expect(a.GetByRole(AriaRole.Row).Filter(new() { HasText = MemberEmail })).ToContainTextAsync("Viewer");

        var invitation = await mail.WaitForMessageAsync(MemberEmail, TimeSpan.FromSeconds(30));
        var link = SmtpSink.FindUrl(invitation, "/invite/");
        Assert.Equal(server.BaseAddress.Authority, link.Authority);

        // B: a separate browser accepts from the email, choosing a password, and lands in the workspace.
        await b.GotoAsync(link.ToString());
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = $"Join {DashboardServer.WorkspaceName}", Level = 1 })).ToBeVisibleAsync();
        await Expect(b.GetByText("as Viewer, with the address")).ToBeVisibleAsync();
        await b.GetByLabel("Choose a password").FillAsync(MemberPassword);
        await b.GetByRole(AriaRole.Button, new() { Name = "Create account and join" }).ClickAsync();
        await b.WaitForURLAsync(WorkspaceHome(), BrowserChecks.Navigated);
        Assert.Equal(ws, b.WorkspaceOf());
        await Expect(b.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Welcome to {DashboardServer.WorkspaceName}." })).ToBeVisibleAsync();
        await Expect(b.GetByText($"Signed in as {MemberEmail}")).ToBeVisibleAsync();
        await Expect(b.Navigation().GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true })).ToBeVisibleAsync();
        await Expect(b.Navigation().GetByRole(AriaRole.Link, new() { Name = "Keys", Exact = true })).ToHaveCountAsync(0);

        // B: a Viewer may not open the Keys page.
        var refused = await b.GotoAsync($"/w/{ws}/keys");
        Assert.Equal(403, refused!.Status);
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = "You do not have permission to see this", Level = 1 })).ToBeVisibleAsync();
        await Expect(b.GetByText("keys:manage").First).ToBeVisibleAsync();

        // A: a custom role that may view the workspace and manage keys.
        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Roles", Exact = true }).ClickAsync();
        await a.GetByRole(AriaRole.Link, new() { Name = "New role" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = "New role", Level = 1 })).ToBeVisibleAsync();
        await a.GetByLabel("Role name").FillAsync(CustomRole);
        await a.GetByRole(AriaRole.Checkbox, new() { Name = "workspace:view" }).CheckAsync();
        await a.GetByRole(AriaRole.Checkbox, new() { Name = "keys:manage" }).CheckAsync();
        await a.GetByRole(AriaRole.Button, new() { Name = "Create role" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = $"The role {CustomRole} was created." })).ToBeVisibleAsync();
        await Expect(a.GetByRole(AriaRole.Columnheader, new() { Name = CustomRole })).ToBeVisibleAsync();

        // A: give the member the custom role.
        await a.Navigation().GetByRole(AriaRole.Link, new() { Name = "Members", Exact = true }).ClickAsync();
        await a.GetByRole(AriaRole.Link, new() { Name = $"Manage {MemberEmail}" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = MemberEmail, Level = 1 })).ToBeVisibleAsync();
        var memberAccountId = new Uri(a.Url).AbsolutePath.Split('/')[^1];
        await a.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = CustomRole });
        await a.GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = $"{MemberEmail} is now {CustomRole}." })).ToBeVisibleAsync();

        // B: the same session, reloaded, now opens the Keys page.
        var allowed = await b.ReloadAsync();
        Assert.Equal(200, allowed!.Status);
        Assert.EndsWith($"/w/{ws}/keys", new Uri(b.Url).AbsolutePath, StringComparison.Ordinal);
        await Expect(b.GetByRole(AriaRole.Heading, new() { Name = "Keys", Level = 1 })).ToBeVisibleAsync();
        await Expect(b.Navigation().GetByRole(AriaRole.Link, new() { Name = "Keys", Exact = true })).ToBeVisibleAsync();
        await Expect(b.GetByText($"Signed in as {MemberEmail}")).ToBeVisibleAsync();

        await owner.AssertNoErrorsAsync();
        await member.AssertNoErrorsExceptStatusAsync(403);

        // The workspace's audit chain, through the API with the server key the setup page showed.
        var workspaceActions = await WorkspaceAuditAsync(server, serverKey);
        Assert.Contains(workspaceActions, e => e.Action == "member.invited");
        Assert.Contains(workspaceActions, e => e.Action == "member.invite-accepted" && e.ActorId == memberAccountId);
        Assert.Contains(workspaceActions, e => e.Action == "role.created");
        Assert.Contains(workspaceActions, e => e.Action == "member.role-changed" && e.TargetId == memberAccountId);
        Assert.Contains(workspaceActions, e => e.Action == "access.denied" && e.ActorId == memberAccountId);

        // The instance chain (setup), which no API shows, and the whole log's hash chains with the server stopped.
        server.Process.Kill();
        Assert.Contains("instance.setup", await server.InstanceChainActionsAsync());
        var verified = await WaymarkProcess.RunCliAsync(["audit", "verify", .. server.StorageArguments]);
        Assert.Contains("Audit log intact", verified, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<AuditLine>> WorkspaceAuditAsync(DashboardServer server, string serverKey)
    {
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", serverKey);
        using var response = await client.GetAsync(new Uri("v1/audit?limit=500", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /v1/audit answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => new AuditLine(
                e.GetProperty("action").GetString()!,
                e.GetProperty("actor").GetProperty("id").GetString(),
                e.GetProperty("target").GetProperty("id").GetString(),
                e.GetProperty("outcome").GetString()!))
            .ToList();
    }

    private sealed record AuditLine(string Action, string? ActorId, string? TargetId, string Outcome);

    [GeneratedRegex(@"/w/[^/?#]+$")]
    private static partial Regex WorkspaceHome();
}
