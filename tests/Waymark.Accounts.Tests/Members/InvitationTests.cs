using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Email;
using static Waymark.Accounts.Tests.Support.TestWorkspace;

namespace Waymark.Accounts.Tests.Members;

/// <summary>Invitations by email, through a real SMTP server: the link works once, and only while neither revoked nor expired.</summary>
public sealed class InvitationTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    private static readonly TimeSpan MailTimeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Invitation_EmailsALinkThatWorksOnce_AndAcceptingCreatesTheAccountWithTheInvitedRole(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = await workspace.KeyClientAsync(Permissions.WorkspaceView, Permissions.MembersManage, Permissions.DataRead, Permissions.AnalyticsRead);
        var email = NewEmail("invitee");

        var invited = await ReadJsonAsync(await admin.PostAsync("/v1/invitations/", Json(new { email, role = "analyst" })), HttpStatusCode.Created);
        var token = await InvitationTokenAsync(email);

        Assert.True((bool)invited["emailed"]!);
        Assert.Null(invited["link"]);
        using var invitee = new DashboardClient(workspace.Server.BaseAddress);
        var preview = await invitee.GetAsync("/invite/" + token);
        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.True(preview.Shows("Analyst"), preview.Html);
        var accepted = await invitee.PostFormAsync("/invite/" + token, [new("Password", NewPassword())]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.Status);
        Assert.Equal("/w/" + workspace.PublicId, accepted.Location);
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync("/w/" + workspace.PublicId)).Status);

        var members = (await ReadJsonAsync(await admin.GetAsync("/v1/members/")))["members"]!.AsArray();
        var member = members.Single(m => (string?)m!["email"] == email)!;
        Assert.Equal("analyst", (string?)member["role"]);
        var accountId = (string)member["account_id"]!;
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.MemberInvited, TargetId: Id((long)invited["invitation"]!["id"]!))));
        var acceptance = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.InviteAccepted)));
        Assert.Equal(AuditActor.Member(accountId), acceptance.Actor);

        // The link works once: neither the same browser nor anyone else can use it again.
        using var second = new DashboardClient(workspace.Server.BaseAddress);
        var reopened = await second.GetAsync("/invite/" + token);
        var again = await second.PostFormAsync("/signin", [new("Password", NewPassword())], action: "/invite/" + token);
        Assert.True(reopened.Shows("This invitation does not work"), reopened.Html);
        Assert.True(again.Shows("This invitation does not work"), again.Html);
        Assert.Null(second.Session);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.InviteAccepted)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RevokedOrExpiredInvitation_DoesNotWork(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        var revokedEmail = NewEmail("revoked");
        var expiredEmail = NewEmail("expired");
        var revoked = await ReadJsonAsync(await admin.PostAsync("/v1/invitations/", Json(new { email = revokedEmail, role = "viewer" })), HttpStatusCode.Created);
        var expired = await ReadJsonAsync(await admin.PostAsync("/v1/invitations/", Json(new { email = expiredEmail, role = "viewer" })), HttpStatusCode.Created);
        var revokedToken = await InvitationTokenAsync(revokedEmail);
        var expiredToken = await InvitationTokenAsync(expiredEmail);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/v1/invitations/{revoked["invitation"]!["id"]}")).StatusCode);
        var past = TimeProvider.System.GetUtcNow().AddMinutes(-1).ToUnixTimeMilliseconds();
        Assert.Equal(1, await workspace.ExecuteSqlAsync("UPDATE workspace_invitations SET expires_at = {0} WHERE id = {1}", past, (long)expired["invitation"]!["id"]!));

        foreach (var (email, token) in new[] { (revokedEmail, revokedToken), (expiredEmail, expiredToken) })
        {
            using var invitee = new DashboardClient(workspace.Server.BaseAddress);
            var opened = await invitee.GetAsync("/invite/" + token);
            var posted = await invitee.PostFormAsync("/signin", [new("Password", NewPassword())], action: "/invite/" + token);

            Assert.True(opened.Shows("This invitation does not work"), opened.Html);
            Assert.True(posted.Shows("This invitation does not work"), posted.Html);
            Assert.Null(await FindAccountAsync(workspace, email));
        }

        var pending = (await ReadJsonAsync(await admin.GetAsync("/v1/invitations/")))["invitations"]!.AsArray();
        Assert.Empty(pending);
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.InviteRevoked)));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task InvitationAcceptance_RefusesShortAndCommonPasswords_WithAClearMessage(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        using var admin = workspace.FullKeyClient();
        var email = NewEmail("picky");
        await ReadJsonAsync(await admin.PostAsync("/v1/invitations/", Json(new { email, role = "viewer" })), HttpStatusCode.Created);
        var token = await InvitationTokenAsync(email);
        using var invitee = new DashboardClient(workspace.Server.BaseAddress);

        var tooShort = await invitee.PostFormAsync("/invite/" + token, [new("Password", "short-pw")]);
        var common = await invitee.PostFormAsync("/invite/" + token, [new("Password", "password1234")]);

        Assert.Equal(HttpStatusCode.OK, tooShort.Status);
        Assert.True(tooShort.Shows("12 characters"), tooShort.Html);
        Assert.Equal(HttpStatusCode.OK, common.Status);
        Assert.True(common.Shows("common or breached"), common.Html);
        Assert.Null(await FindAccountAsync(workspace, email));
        Assert.Null(invitee.Session);

        // The refusals did not use the invitation up.
        var accepted = await invitee.PostFormAsync("/invite/" + token, [new("Password", NewPassword())]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.Status);
        Assert.NotNull(await FindAccountAsync(workspace, email));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ViewerKey_CanListMembers_ButCannotInvite(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("editor");
        using var viewer = await workspace.KeyClientAsync(Permissions.WorkspaceView);

        var members = await ReadJsonAsync(await viewer.GetAsync("/v1/members/"));
        var invite = await viewer.PostAsync("/v1/invitations/", Json(new { email = NewEmail(), role = "viewer" }));

        Assert.Contains(members["members"]!.AsArray(), m => (string?)m!["account_id"] == member.AccountId && (string?)m["role"] == "editor");
        await AssertProblemAsync(invite, HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.MemberInvited)));
        Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.AccessDenied, TargetId: "POST /v1/invitations/")));
    }

    private async Task<string> InvitationTokenAsync(string email)
    {
        var message = await servers.Mail.WaitForMessageAsync(email, MailTimeout);
        var link = SmtpSink.FindUrl(message, "/invite/");
        var token = link.AbsolutePath["/invite/".Length..];
        Assert.StartsWith("inv_", token, StringComparison.Ordinal);
        return token;
    }

    private static async Task<Account?> FindAccountAsync(TestWorkspace workspace, string email)
    {
        await using var scope = workspace.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByEmailAsync(email);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
