using System.Net;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;
using static Waymark.Accounts.Tests.Support.TestWorkspace;

namespace Waymark.Accounts.Tests.Sessions;

/// <summary>
/// Ending all of a member's sessions (a lost laptop, a suspected break-in): <c>POST /v1/members/{id}/sessions/revoke</c>
/// with members:manage, and the button on the member's dashboard page.
/// </summary>
public sealed class MemberSessionRevocationTests(SessionServers servers) : IClassFixture<SessionServers>
{
    private const string SessionsPage = "/account/sessions";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RevokeApi_EndsEveryOneOfTheMembersSessions_AndIsAuditedInTheWorkspace(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("editor");
        var bystander = await workspace.AddMemberAsync("editor");
        using var laptop = await workspace.SignInAsync(member);
        using var phone = await workspace.SignInAsync(member);
        using var colleague = await workspace.SignInAsync(bystander);
        using var api = await workspace.KeyClientAsync(Permissions.MembersManage);

        var body = await ReadJsonAsync(await api.PostAsync($"/v1/members/{member.AccountId}/sessions/revoke", null));

        Assert.Equal(member.AccountId, (string?)body["account_id"]);
        Assert.Equal(2, (int?)body["sessions_ended"]);
        AssertSignedOut(await laptop.GetAsync(SessionsPage));
        AssertSignedOut(await phone.GetAsync(SessionsPage));
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(SessionsPage)).Status);
        var entry = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SessionsRevoked, TargetId: member.AccountId)));
        Assert.Equal(AuditActorKind.ServerKey, entry.Actor.Kind);
        Assert.Equal("member", entry.TargetType);
        Assert.Equal("2", entry.Details!["sessions_ended"]);
        Assert.DoesNotContain(entry.Details.Values, v => v.Contains(member.Email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RevokeApi_WithoutMembersManage_IsRefused_AndEndsNothing()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("editor");
        using var browser = await workspace.SignInAsync(member);
        using var api = await workspace.KeyClientAsync(Permissions.WorkspaceView, Permissions.AuditRead);

        var refused = await api.PostAsync($"/v1/members/{member.AccountId}/sessions/revoke", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(SessionsPage)).Status);
        Assert.Empty(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SessionsRevoked, TargetId: member.AccountId)));
    }

    [Fact]
    public async Task RevokeApi_ForSomeoneOutsideTheWorkspace_AnswersNotFound_AndEndsNothing()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var elsewhere = await servers.WorkspaceAsync("sqlite");
        var outsider = await elsewhere.AddMemberAsync("editor");
        using var browser = await elsewhere.SignInAsync(outsider);
        using var api = await workspace.KeyClientAsync(Permissions.MembersManage);

        var problem = await AssertProblemAsync(await api.PostAsync($"/v1/members/{outsider.AccountId}/sessions/revoke", null), HttpStatusCode.NotFound, "not-found");

        Assert.Contains("Check the id", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(SessionsPage)).Status);
    }

    [Fact]
    public async Task OwnerEndingAMembersSessions_InTheDashboard_SignsThemOutAtOnce()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var owner = await workspace.AddMemberAsync("owner");
        var member = await workspace.AddMemberAsync("analyst");
        using var ownerBrowser = await workspace.SignInAsync(owner);
        using var memberBrowser = await workspace.SignInAsync(member);
        var memberPage = $"/w/{workspace.PublicId}/members/{member.AccountId}";

        var answer = await ownerBrowser.PostFormAsync(memberPage, [], memberPage + "?handler=sessions");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        AssertSignedOut(await memberBrowser.GetAsync(SessionsPage));
        var page = await ownerBrowser.GetAsync(memberPage);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.Shows($"1 session of {member.Email} ended."), page.Html);
        var entry = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SessionsRevoked, TargetId: member.AccountId)));
        Assert.Equal(AuditActor.Member(owner.AccountId), entry.Actor);
    }

    [Fact]
    public async Task AdminEndingAnOwnersSessions_IsRefused()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var owner = await workspace.AddMemberAsync("owner");
        var admin = await workspace.AddMemberAsync("admin");
        using var ownerBrowser = await workspace.SignInAsync(owner);
        using var adminBrowser = await workspace.SignInAsync(admin);
        var ownerPage = $"/w/{workspace.PublicId}/members/{owner.AccountId}";

        var answer = await adminBrowser.PostFormAsync(ownerPage, [], ownerPage + "?handler=sessions");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Shows("Only an owner can end another owner's sessions."), answer.Html);
        Assert.Equal(HttpStatusCode.OK, (await ownerBrowser.GetAsync(SessionsPage)).Status);
    }

    [Fact]
    public async Task MemberWithoutMembersManage_CannotEndSessionsFromTheDashboard()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var editor = await workspace.AddMemberAsync("editor");
        var target = await workspace.AddMemberAsync("viewer");
        using var editorBrowser = await workspace.SignInAsync(editor);
        using var targetBrowser = await workspace.SignInAsync(target);
        var targetPage = $"/w/{workspace.PublicId}/members/{target.AccountId}";
        var token = DashboardClient.AntiforgeryToken((await editorBrowser.GetAsync(SessionsPage)).Html);

        var answer = await editorBrowser.PostAsync(targetPage + "?handler=sessions", [], token);

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal(HttpStatusCode.OK, (await targetBrowser.GetAsync(SessionsPage)).Status);
    }

    private static void AssertSignedOut(DashboardPage page)
    {
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect to sign in, got {(int)page.Status}.");
        Assert.StartsWith("/signin", page.Location, StringComparison.Ordinal);
    }
}
