using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Audit;
using Waymark.StaffAccess.Tests.Support;
using Waymark.TestSupport;
using Waymark.Workspaces.Callers;

namespace Waymark.StaffAccess.Tests.Tickets;

/// <summary>
/// What an operator can reach, over real HTTP as a signed-in browser: nothing without an approved ticket, exactly the
/// ticket's scope with one, until the window closes or an owner ends it; every request under it in the audit log.
/// </summary>
public abstract class TicketAccessTests(StaffAccessFixture fixture)
{
    private static readonly string[] Pages = ["members", "people", "audit", "support-access"];

    [Fact]
    public async Task Operator_WithoutATicket_IsRefusedEveryWorkspacePage_AndLandsOnTheConsole()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);

        var home = await scene.Operator.GetAsync("/");
        var console = await scene.Operator.GetAsync("/operator");

        Assert.Equal("/operator", home.Location);
        Assert.Equal(HttpStatusCode.OK, console.Status);
        Assert.True(console.Shows(scene.Workspace.WorkspaceId), "The console lists the instance's workspaces by public id.");
        foreach (var page in Pages)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/{page}")).Status);
        }

        Assert.Empty(await scene.AuditAsync("support.access"));
    }

    [Fact]
    public async Task RequestedAndDeniedTickets_GrantNothing()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var requested = await scene.OpenAsync(Permissions.WorkspaceView, Permissions.DataRead, Permissions.AuditRead);

        foreach (var page in Pages)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/{page}")).Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await scene.DecideAsync(requested, "deny")).StatusCode);
        foreach (var page in Pages)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/{page}")).Status);
        }

        Assert.Equal("denied", (string?)(await scene.TicketAsync(requested))["status"]);
        Assert.Empty(await scene.AuditAsync("support.access"));
    }

    [Fact]
    public async Task ApprovedTicket_GrantsExactlyItsScope_ShowsTheBanner_AndTheWorkspaceInTheNavigation()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenAsync(Permissions.WorkspaceView);
        await scene.ApproveAsync(ticket);

        var members = await scene.Operator.GetAsync($"/w/{scene.Ws}/members");
        var people = await scene.Operator.GetAsync($"/w/{scene.Ws}/people");
        var audit = await scene.Operator.GetAsync($"/w/{scene.Ws}/audit");
        var keys = await scene.Operator.GetAsync($"/w/{scene.Ws}/keys");

        Assert.Equal(HttpStatusCode.OK, members.Status);
        Assert.True(members.Shows(scene.OwnerEmail), "Members are visible under workspace:view.");
        Assert.True(members.Shows($"Staff access under ticket #{ticket} until"), "Every page under a ticket carries the banner.");
        Assert.Contains($"id=\"nav-workspace\">{scene.WorkspaceName}</h2>", members.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/w/{scene.Ws}/support-access\"", members.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/w/{scene.Ws}/people\"", members.Html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/w/{scene.Ws}\"", members.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, people.Status);
        Assert.Equal(HttpStatusCode.Forbidden, audit.Status);
        Assert.Equal(HttpStatusCode.Forbidden, keys.Status);
        Assert.False((await scene.Operator.GetAsync("/operator")).Shows("Staff access under ticket"), "Outside the workspace no ticket is in use.");
    }

    [Fact]
    public async Task TheWorkspacesDashboardAllowList_FencesAnOperatorUnderATicketLikeAMember()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenAsync(Permissions.WorkspaceView);
        await scene.ApproveAsync(ticket);
        Assert.Equal(HttpStatusCode.OK, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);

        // Added at the command line, as the API refuses a change that would shut its own caller (127.0.0.1) out.
        string[] database = scene.Server.Database is { } connection ? ["--database", connection] : [];
        await WaymarkProcess.RunCliAsync(["firewall", "allow", "add", "--workspace", scene.Ws, "--surface", "dashboard", "--cidr", "198.51.100.0/24", "--data", scene.Server.DataDirectory, .. database]);

        // Another process's change reaches the server once its cached list expires.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status) != HttpStatusCode.Forbidden && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.NotEmpty(await scene.AuditAsync("firewall.address-blocked"));
    }

    [Fact]
    public async Task EveryRequestUnderATicket_IsInTheWorkspaceAuditLog_WithItsRoutePatternAndNoRawPath()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenAsync(Permissions.WorkspaceView, Permissions.DataRead);
        await scene.ApproveAsync(ticket);

        Assert.Equal(HttpStatusCode.OK, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members?search=private-term")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scene.Operator.GetAsync($"/w/{scene.Ws}/people")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/audit")).Status);

        var entries = await scene.AuditAsync("support.access");
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e =>
        {
            Assert.Equal("operator", (string?)e["actor"]!["kind"]);
            Assert.Equal("support-ticket", (string?)e["target"]!["type"]);
            Assert.Equal(ticket.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)e["target"]!["id"]);
            Assert.Equal("GET", (string?)e["details"]!["method"]);
            Assert.DoesNotContain("private-term", e.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(scene.Ws, (string?)e["details"]!["route"], StringComparison.Ordinal);
        });
        Assert.Equal(["/w/{ws}/audit", "/w/{ws}/people", "/w/{ws}/members"], entries.Select(e => (string?)e["details"]!["route"]));
        Assert.Equal(["403", "200", "200"], entries.Select(e => (string?)e["details"]!["status"]));
        Assert.Equal(["denied", "success", "success"], entries.Select(e => (string?)e["outcome"]));
    }

    [Fact]
    public async Task Access_EndsByItselfWhenTheWindowCloses_AndTheEndIsRecordedOnce()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenForAsync(15, Permissions.WorkspaceView);
        await scene.ApproveAsync(ticket);
        Assert.Equal(HttpStatusCode.OK, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);

        fixture.Clock.Advance(TimeSpan.FromMinutes(16));

        Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);
        var ended = Assert.Single(await scene.AuditAsync("support.ticket-ended"));
        Assert.Equal("expired", (string?)ended["details"]!["reason"]);
        Assert.Equal("system", (string?)ended["actor"]!["kind"]);
        var after = await scene.TicketAsync(ticket);
        Assert.Equal("expired", (string?)after["status"]);
        Assert.Equal((string?)after["ends_at"], (string?)after["end"]!["at"]);
        Assert.Single(await scene.AuditAsync("support.access"));
    }

    [Fact]
    public async Task AWorkspaceRequiringMfa_GrantsNothingToAnOperatorWithoutASecondFactor()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenAsync(Permissions.WorkspaceView);
        await scene.ApproveAsync(ticket);
        Assert.Equal(HttpStatusCode.OK, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);

        await SetAuthenticatorAsync(scene.OwnerEmail);
        var policyPage = $"/w/{scene.Ws}/settings/security";
        Assert.Equal(HttpStatusCode.Redirect, (await scene.Owner.PostFormAsync(policyPage, [new("require", "true")], policyPage + "?handler=mfa")).Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);
        await SetAuthenticatorAsync(scene.OperatorEmail);
        Assert.Equal(HttpStatusCode.OK, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);
        Assert.Equal(2, (await scene.AuditAsync("support.access")).Count);
    }

    [Fact]
    public async Task ATicketWhoseWindowClosedUnused_IsRecordedAsExpiredByTheWorker_WithoutAnyRequest()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenForAsync(15, Permissions.WorkspaceView);
        await scene.ApproveAsync(ticket);

        fixture.Clock.Advance(TimeSpan.FromMinutes(16));

        // The fixture's sweep runs every half second of real time; reading the audit log records nothing itself.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<System.Text.Json.Nodes.JsonObject> ended;
        while ((ended = await scene.AuditAsync("support.ticket-ended")).Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var entry = Assert.Single(ended);
        Assert.Equal("expired", (string?)entry["details"]!["reason"]);
        Assert.Equal("ended", (string?)(await scene.TicketAsync(ticket))["state"]);
    }

    [Fact]
    public async Task Access_EndsWhenAnOwnerEndsTheTicketOnItsPage()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var ticket = await scene.OpenAsync(Permissions.WorkspaceView);
        var page = $"/w/{scene.Ws}/support-access/{ticket}";
        var pending = await scene.Owner.GetAsync($"/w/{scene.Ws}/support-access");
        Assert.True(pending.Shows("Customer ticket 4711: their import fails"), "Owners read the reason.");
        Assert.True(pending.Shows(scene.OperatorEmail), "Owners see who asks.");

        var approved = await scene.Owner.PostFormAsync(page, [], page + "?handler=approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.Status);
        Assert.Equal(HttpStatusCode.OK, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);
        var ended = await scene.Owner.PostFormAsync(page, [], page + "?handler=end");

        Assert.Equal(HttpStatusCode.Redirect, ended.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);
        var entry = Assert.Single(await scene.AuditAsync("support.ticket-ended"));
        Assert.Equal("revoked", (string?)entry["details"]!["reason"]);
        Assert.Equal("member", (string?)entry["actor"]!["kind"]);
        var listed = await scene.Owner.GetAsync($"/w/{scene.Ws}/support-access");
        Assert.True(listed.Shows($"Ended (revoked) by {scene.OwnerEmail}"), "The list shows the decisions, with who made them.");
        var shown = await scene.Owner.GetAsync(page);
        Assert.True(shown.Shows(scene.OwnerEmail), "The ticket names who approved and who ended it.");
        Assert.True(shown.Shows("(revoked)"));
    }

    [Fact]
    public async Task Operator_CannotApproveTheirOwnTicket_NorAskForAScopeThatCouldApproveIt()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var refused = await scene.TryOpenAsync([Permissions.WorkspaceView, Permissions.SupportApprove]);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("never grants support:approve"), "The console says why.");
        var inUse = await scene.OpenAsync(Permissions.WorkspaceView);
        await scene.ApproveAsync(inUse);
        var asked = await scene.OpenAsync(Permissions.DataRead);
        var page = $"/w/{scene.Ws}/support-access/{asked}";

        var shown = await scene.Operator.GetAsync(page);
        var approve = await scene.Operator.PostFormAsync(page, [], page + "?handler=approve");
        var end = await scene.Operator.PostFormAsync($"/w/{scene.Ws}/support-access/{inUse}", [], $"/w/{scene.Ws}/support-access/{inUse}?handler=end");
        var operatorId = (string)(await scene.TicketAsync(asked))["operator_id"]!;
        Outcome<Waymark.StaffAccess.Tickets.SupportTicket> direct;
        await using (var scope = scene.Server.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<Waymark.StaffAccess.Tickets.TicketStore>();
            var holdingEverything = new Caller(new AuditActor(AuditActorKind.Operator, operatorId), Permissions.All.ToHashSet(StringComparer.Ordinal));
            direct = await store.ApproveAsync(holdingEverything, scene.Workspace.InternalId, asked);
        }

        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.False(shown.Shows("Approve"), "The operator is offered no decision.");
        Assert.Equal(HttpStatusCode.Forbidden, approve.Status);
        Assert.Equal(HttpStatusCode.Forbidden, end.Status);
        Assert.Equal(403, direct.Refusal?.Status);
        Assert.Equal("requested", (string?)(await scene.TicketAsync(asked))["status"]);
        Assert.Equal("active", (string?)(await scene.TicketAsync(inUse))["status"]);
        Assert.Single(await scene.AuditAsync("support.ticket-approved"));
    }

    [Fact]
    public async Task OpeningATicket_EmailsEveryOwner_WithALinkToTheTicket_AndAuditsItWithoutTheReason()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var adminEmail = $"admin-{Guid.NewGuid():N}@example.test";
        using var admin = await StaffAccessScene.JoinAsync(fixture, scene.Workspace, adminEmail, "admin");

        var ticket = await scene.OpenAsync(Permissions.WorkspaceView, Permissions.PhiRead);

        // The owner joined by invitation, which raises an "Owner granted" incident mailed to owners too: wait for the ticket's mail.
        var mail = await fixture.Mail.WaitForMessageAsync(scene.OwnerEmail, TimeSpan.FromSeconds(30), m => m.Subject?.StartsWith("Support ticket", StringComparison.Ordinal) == true);
        var link = Waymark.TestSupport.Email.SmtpSink.FindUrl(mail, $"/w/{scene.Ws}/support-access/");
        Assert.EndsWith($"/support-access/{ticket}", link.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains(scene.OperatorEmail, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("phi:read", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await scene.Owner.GetAsync(link.PathAndQuery)).Status);
        Assert.DoesNotContain(fixture.Mail.Messages(), m => m.Subject?.StartsWith("Support ticket", StringComparison.Ordinal) == true && m.To.ToString().Contains(adminEmail, StringComparison.Ordinal));

        var opened = Assert.Single(await scene.AuditAsync("support.ticket-opened"));
        Assert.Equal("operator", (string?)opened["actor"]!["kind"]);
        Assert.Equal("workspace:view phi:read", (string?)opened["details"]!["scope"]);
        Assert.Equal("60", (string?)opened["details"]!["duration_minutes"]);
        Assert.DoesNotContain("4711", opened.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConsole_RefusesABadTicket_AndOpensNothing()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);

        var noReason = await scene.TryOpenAsync([Permissions.WorkspaceView], reason: " ");
        var tooLong = await scene.TryOpenAsync([Permissions.WorkspaceView], reason: new string('x', 1001));
        var events = await scene.TryOpenAsync([Permissions.EventsWrite]);
        var nothing = await scene.TryOpenAsync([]);
        var tooShort = await scene.TryOpenAsync([Permissions.WorkspaceView], minutes: 10);
        var tooLongWindow = await scene.TryOpenAsync([Permissions.WorkspaceView], minutes: 73 * 60);
        var unknown = await scene.TryOpenAsync([Permissions.WorkspaceView], ws: "ws_nothere");

        Assert.All(new[] { noReason, tooLong, events, nothing, tooShort, tooLongWindow, unknown }, page => Assert.Equal(HttpStatusCode.OK, page.Status));
        Assert.True(noReason.Shows("Write the reason in at most 1000 characters"));
        Assert.True(tooLong.Shows("Write the reason in at most 1000 characters"));
        Assert.True(events.Shows("never grants events:write"));
        Assert.True(nothing.Shows("Ask for at least one of"));
        Assert.True(tooShort.Shows("Ask for 15 minutes to 72 hours"));
        Assert.True(tooLongWindow.Shows("Ask for 15 minutes to 72 hours"));
        Assert.True(unknown.Shows("Choose one of the workspaces"));
        Assert.Empty(await scene.TicketsAsync());
        Assert.Empty(await scene.AuditAsync("support.ticket-opened"));
    }

    [Fact]
    public async Task Members_DoNotReachTheOperatorConsole()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);

        var console = await scene.Owner.GetAsync("/operator");
        var opened = await scene.Owner.PostAsync("/operator?handler=open", [new("Workspace", scene.Ws), new("Reason", "x"), new("Scope", Permissions.WorkspaceView)], Waymark.TestSupport.Dashboard.DashboardClient.AntiforgeryToken((await scene.Owner.GetAsync($"/w/{scene.Ws}/firewall")).Html));

        Assert.Equal(HttpStatusCode.NotFound, console.Status);
        Assert.Equal(HttpStatusCode.NotFound, opened.Status);
        Assert.Empty(await scene.TicketsAsync());
    }

    /// <summary>Marks the account as having an authenticator app, as enrolment would.</summary>
    private async Task SetAuthenticatorAsync(string email)
    {
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Waymark.Accounts.People.Account>>();
        Assert.True((await users.SetTwoFactorEnabledAsync((await users.FindByEmailAsync(email))!, true)).Succeeded);
    }
}

public sealed class SqliteTicketAccessTests(SqliteStaffAccessFixture fixture) : TicketAccessTests(fixture), IClassFixture<SqliteStaffAccessFixture>;

public sealed class PostgresTicketAccessTests(PostgresStaffAccessFixture fixture) : TicketAccessTests(fixture), IClassFixture<PostgresStaffAccessFixture>;
