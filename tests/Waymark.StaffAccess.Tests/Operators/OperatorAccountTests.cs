using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.Invitations;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.StaffAccess.Operators;
using Waymark.StaffAccess.Tests.Support;
using Waymark.TestSupport.Dashboard;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.StaffAccess.Tests.Operators;

/// <summary>Operators never become members, and a disabled operator loses sign-in, sessions and tickets at once.</summary>
public abstract class OperatorAccountTests(StaffAccessFixture fixture)
{
    [Fact]
    public async Task Operator_CannotJoinAWorkspaceByInvitation()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var invitations = scene.Server.Services.GetRequiredService<InvitationService>();
        var invited = await invitations.InviteAsync(Caller.Operator(), scene.Workspace.InternalId, scene.OperatorEmail, "viewer", scene.Server.BaseAddress);
        Assert.True(invited.Succeeded, invited.Refusal?.Detail);
        var invite = "/invite/" + await StaffAccessScene.InvitationTokenAsync(fixture, scene.OperatorEmail);

        var accepted = await scene.Operator.PostFormAsync(invite, []);

        Assert.Equal(HttpStatusCode.OK, accepted.Status);
        Assert.True(accepted.Shows("operators never join workspaces"), "The operator is told why.");
        Assert.DoesNotContain(await scene.Server.Services.GetRequiredService<MemberDirectory>().MembersAsync(scene.Workspace.InternalId), m => m.Email == scene.OperatorEmail);
        Assert.Equal(HttpStatusCode.Forbidden, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);
        Assert.Single(await scene.AuditAsync("member.invite-accepted"));
    }

    [Fact]
    public async Task Operator_CannotCreateAWorkspace()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var name = "Operator's own " + Guid.NewGuid().ToString("N")[..6];

        var refused = await scene.Operator.PostFormAsync("/workspaces/new", [new("Name", name)]);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("Instance operators cannot create workspaces"), "The operator is told why.");
        Assert.DoesNotContain(await scene.Server.Services.GetRequiredService<WorkspaceService>().ListAsync(), w => w.Name == name);
    }

    [Fact]
    public async Task DisablingAnOperator_EndsTheirSessionsAndTickets_AndRefusesTheirSignIn()
    {
        using var scene = await StaffAccessScene.CreateAsync(fixture);
        var active = await scene.OpenAsync(Permissions.WorkspaceView);
        await scene.ApproveAsync(active);
        var requested = await scene.OpenAsync(Permissions.DataRead);
        Assert.Equal(HttpStatusCode.OK, (await scene.Operator.GetAsync($"/w/{scene.Ws}/members")).Status);

        OperatorDisabled disabled;
        await using (var scope = scene.Server.Services.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().DisableAsync(scene.OperatorEmail);
            disabled = outcome.Value!;
        }

        using var again = new DashboardClient(scene.Server.BaseAddress);
        var signIn = await again.TrySignInAsync(scene.OperatorEmail, scene.OperatorPassword);
        var oldSession = await scene.Operator.GetAsync($"/w/{scene.Ws}/members");

        Assert.Equal(2, disabled.TicketsEnded);
        Assert.True(disabled.SessionsEnded >= 1);
        Assert.True(disabled.Operator.Disabled);
        Assert.NotEqual(HttpStatusCode.Redirect, signIn.Status);
        Assert.Null(again.Session);
        Assert.Equal(HttpStatusCode.Redirect, oldSession.Status);
        Assert.StartsWith("/signin", oldSession.Location, StringComparison.Ordinal);
        Assert.Equal("operator-disabled", (string?)(await scene.TicketAsync(active))["end_reason"]);
        Assert.Equal("ended", (string?)(await scene.TicketAsync(requested))["status"]);
        Assert.Equal(2, (await scene.AuditAsync("support.ticket-ended")).Count);
    }
}

public sealed class SqliteOperatorAccountTests(SqliteStaffAccessFixture fixture) : OperatorAccountTests(fixture), IClassFixture<SqliteStaffAccessFixture>;

public sealed class PostgresOperatorAccountTests(PostgresStaffAccessFixture fixture) : OperatorAccountTests(fixture), IClassFixture<PostgresStaffAccessFixture>;
