using System.Net;
using Waymark.Accounts.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Accounts.Tests.Sessions;

/// <summary>Changing one's password at /account/password: the other sessions end, this one stays.</summary>
public sealed class PasswordChangeTests(SessionServers servers) : IClassFixture<SessionServers>
{
    private const string PasswordPage = "/account/password";
    private const string SessionsPage = "/account/sessions";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task PasswordChange_EndsOtherSessions_KeepsThisOne_AndIsAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("editor");
        using var here = await workspace.SignInAsync(member);
        using var elsewhere = await workspace.SignInAsync(member);
        var newPassword = TestWorkspace.NewPassword();

        var changed = await here.PostFormAsync(PasswordPage, [new("CurrentPassword", member.Password), new("NewPassword", newPassword)]);

        Assert.True(changed.Status == HttpStatusCode.Redirect, changed.Html);
        AssertSignedOut(await elsewhere.GetAsync(SessionsPage));
        var page = await here.GetAsync(SessionsPage);
        Assert.True(page.Status == HttpStatusCode.OK, $"{(int)page.Status} {page.Location} rows {(await SessionRows.OfAsync(workspace, member.AccountId)).Count}");
        Assert.True(page.Shows("Your password was changed, and 1 other session was signed out."), page.Html);
        Assert.Single(await SessionRows.OfAsync(workspace, member.AccountId));

        var entry = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.PasswordChanged, TargetId: member.AccountId)));
        Assert.Equal(AuditOutcome.Success, entry.Outcome);
        Assert.Equal(AuditActor.Member(member.AccountId), entry.Actor);
        Assert.Equal("1", entry.Details!["sessions_ended"]);
        Assert.Single(await SessionRows.InstanceAuditAsync(workspace, new AuditFilter(Action: AuditActions.PasswordChanged, TargetId: member.AccountId)));

        using var fresh = new DashboardClient(workspace.Server.BaseAddress);
        Assert.NotEqual(HttpStatusCode.Redirect, (await fresh.TrySignInAsync(member.Email, member.Password)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.TrySignInAsync(member.Email, newPassword)).Status);
    }

    [Fact]
    public async Task PasswordChange_KeepsThisSession_PastTheNextSecurityStampCheck()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var here = await workspace.SignInAsync(member);

        var changed = await here.PostFormAsync(PasswordPage, [new("CurrentPassword", member.Password), new("NewPassword", TestWorkspace.NewPassword())]);
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);

        // Identity compares the session's security stamp with the account's every 30 minutes; the change gave the
        // account a new one, so only a re-issued ticket passes. Two steps of 20 minutes stay within the idle limit.
        servers.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync(SessionsPage)).Status);
        servers.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync(SessionsPage)).Status);
        Assert.Single(await SessionRows.OfAsync(workspace, member.AccountId));
    }

    [Fact]
    public async Task PasswordChange_WithWrongCurrentPassword_IsRefused_AndEndsNothing()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var here = await workspace.SignInAsync(member);
        using var elsewhere = await workspace.SignInAsync(member);

        var refused = await here.PostFormAsync(PasswordPage, [new("CurrentPassword", "not-the-password-at-all"), new("NewPassword", TestWorkspace.NewPassword())]);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("The current password is not right."), refused.Html);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync(SessionsPage)).Status);
        var entry = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.PasswordChanged, TargetId: member.AccountId)));
        Assert.Equal(AuditOutcome.Failure, entry.Outcome);
        Assert.Equal("wrong-current-password", entry.Details!["reason"]);
        using var fresh = new DashboardClient(workspace.Server.BaseAddress);
        await fresh.SignInAsync(member.Email, member.Password);
    }

    [Theory]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("short")]
    public async Task PasswordChange_ToAWeakPassword_IsRefused_ByIdentitysValidators(string weak)
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var here = await workspace.SignInAsync(member);
        using var elsewhere = await workspace.SignInAsync(member);

        var refused = await here.PostFormAsync(PasswordPage, [new("CurrentPassword", member.Password), new("NewPassword", weak)]);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Html.Contains("NewPassword-error", StringComparison.Ordinal), refused.Html);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync(SessionsPage)).Status);
        Assert.Empty(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.PasswordChanged, TargetId: member.AccountId)));
        using var fresh = new DashboardClient(workspace.Server.BaseAddress);
        await fresh.SignInAsync(member.Email, member.Password);
    }

    private static void AssertSignedOut(DashboardPage page)
    {
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect to sign in, got {(int)page.Status}.");
        Assert.StartsWith("/signin", page.Location, StringComparison.Ordinal);
    }
}
