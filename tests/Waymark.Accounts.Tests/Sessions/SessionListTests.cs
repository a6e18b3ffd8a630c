using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Waymark.Accounts.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Accounts.Tests.Sessions;

/// <summary>The session list at /account/sessions: one's own live sessions, and ending one, the others, or all.</summary>
public sealed partial class SessionListTests(SessionServers servers) : IClassFixture<SessionServers>
{
    private const string SessionsPage = "/account/sessions";

    [Fact]
    public async Task SessionList_ShowsOnlyOwnLiveSessions_AndMarksTheOneInUse()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        var colleague = await workspace.AddMemberAsync("viewer");
        using var first = await workspace.SignInAsync(member);
        servers.Clock.Advance(TimeSpan.FromMinutes(5));
        using var second = await workspace.SignInAsync(member);
        using var colleagues = await workspace.SignInAsync(colleague);
        var rows = await SessionRows.OfAsync(workspace, member.AccountId);
        Assert.Equal(2, rows.Count);

        var firstPage = await first.GetAsync(SessionsPage);
        var secondPage = await second.GetAsync(SessionsPage);

        Assert.Equal(HttpStatusCode.OK, firstPage.Status);
        Assert.True(firstPage.Shows("2 sessions, this one first"), firstPage.Html);
        Assert.Equal(2, Rows(firstPage).Count);
        Assert.All(Rows(firstPage), row => Assert.Contains("127.0.0.1", row, StringComparison.Ordinal));
        Assert.All(Rows(firstPage), row => Assert.Contains("Password", row, StringComparison.Ordinal));
        Assert.Contains(SignedInAt(rows[0].CreatedAt), MarkedRow(firstPage), StringComparison.Ordinal);
        Assert.Contains(SignedInAt(rows[1].CreatedAt), MarkedRow(secondPage), StringComparison.Ordinal);
        Assert.Single(Handles(firstPage));
        Assert.DoesNotContain(rows[0].Id, firstPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(rows[1].Id, firstPage.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EndingOneSession_SignsThatBrowserOutOnItsNextRequest_AndIsAudited(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("editor");
        using var keeper = await workspace.SignInAsync(member);
        using var lost = await workspace.SignInAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await lost.GetAsync(SessionsPage)).Status);
        var handle = Assert.Single(Handles(await keeper.GetAsync(SessionsPage)));

        var ended = await keeper.PostFormAsync(SessionsPage, [new("session", handle)], SessionsPage + "?handler=revoke");

        Assert.Equal(HttpStatusCode.Redirect, ended.Status);
        AssertSignedOut(await lost.GetAsync(SessionsPage));
        var after = await keeper.GetAsync(SessionsPage);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.True(after.Shows("The session was ended."), after.Html);
        Assert.Single(await SessionRows.OfAsync(workspace, member.AccountId));

        var entry = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SessionsRevoked, TargetId: member.AccountId)));
        Assert.Equal(AuditActor.Member(member.AccountId), entry.Actor);
        Assert.Equal("one", entry.Details!["scope"]);
        Assert.Equal("1", entry.Details["sessions_ended"]);
        Assert.DoesNotContain(entry.Details.Values, v => v.Contains(member.Email, StringComparison.OrdinalIgnoreCase));
        Assert.Single(await SessionRows.InstanceAuditAsync(workspace, new AuditFilter(Action: AuditActions.SessionsRevoked, TargetId: member.AccountId)));
    }

    [Fact]
    public async Task EndingASession_OfAnotherAccount_DoesNothing()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var attacker = await workspace.AddMemberAsync("viewer");
        var victim = await workspace.AddMemberAsync("viewer");
        using var attackerBrowser = await workspace.SignInAsync(attacker);
        using var victimBrowser = await workspace.SignInAsync(victim);
        using var victimOther = await workspace.SignInAsync(victim);
        var victimsHandle = Assert.Single(Handles(await victimBrowser.GetAsync(SessionsPage)));

        var answer = await attackerBrowser.PostFormAsync(SessionsPage, [new("session", victimsHandle)], SessionsPage + "?handler=revoke");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.True((await attackerBrowser.GetAsync(SessionsPage)).Shows("That session had already ended."));
        Assert.Equal(HttpStatusCode.OK, (await victimOther.GetAsync(SessionsPage)).Status);
        Assert.Equal(2, (await SessionRows.OfAsync(workspace, victim.AccountId)).Count);
    }

    /// <summary>The cookie handler keeps a browser's session id across a new sign-in; the row must follow the new account.</summary>
    [Fact]
    public async Task SigningInAsSomeoneElse_OnABrowserWithALiveSession_MakesThatSessionTheirs()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var first = await workspace.AddMemberAsync("viewer");
        var second = await workspace.AddMemberAsync("viewer");
        using var shared = await workspace.SignInAsync(first);
        var token = DashboardClient.AntiforgeryToken((await shared.GetAsync(SessionsPage)).Html);

        var signedIn = await shared.PostAsync("/signin", [new("Email", second.Email), new("Password", second.Password)], token);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Empty(await SessionRows.OfAsync(workspace, first.AccountId));
        var row = Assert.Single(await SessionRows.OfAsync(workspace, second.AccountId));
        Assert.Equal("password", row.Method);
        using var api = await workspace.KeyClientAsync(Waymark.Api.Permissions.MembersManage);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/members/{second.AccountId}/sessions/revoke", null)).StatusCode);
        AssertSignedOut(await shared.GetAsync(SessionsPage));
    }

    [Fact]
    public async Task SignOutEverywhereElse_EndsTheOtherSessions_AndKeepsThisOne()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var keeper = await workspace.SignInAsync(member);
        using var other1 = await workspace.SignInAsync(member);
        using var other2 = await workspace.SignInAsync(member);

        var answer = await keeper.PostFormAsync(SessionsPage, [], SessionsPage + "?handler=others");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        AssertSignedOut(await other1.GetAsync(SessionsPage));
        AssertSignedOut(await other2.GetAsync(SessionsPage));
        var page = await keeper.GetAsync(SessionsPage);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.Shows("2 other sessions were ended."), page.Html);
        var entry = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SessionsRevoked, TargetId: member.AccountId)));
        Assert.Equal("others", entry.Details!["scope"]);
        Assert.Equal("2", entry.Details["sessions_ended"]);
    }

    [Fact]
    public async Task SignOutOfAllDevices_EndsEverySession_ThisOneToo()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var here = await workspace.SignInAsync(member);
        using var elsewhere = await workspace.SignInAsync(member);

        var answer = await here.PostFormAsync("/signout", [], "/signout?handler=everywhere");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.StartsWith("/signin", answer.Location, StringComparison.Ordinal);
        AssertSignedOut(await here.GetAsync(SessionsPage));
        AssertSignedOut(await elsewhere.GetAsync(SessionsPage));
        Assert.Empty(await SessionRows.OfAsync(workspace, member.AccountId));
        var entry = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SessionsRevoked, TargetId: member.AccountId)));
        Assert.Equal("all", entry.Details!["scope"]);
        Assert.Equal("2", entry.Details["sessions_ended"]);
    }

    [Fact]
    public async Task SignOutPage_WhenOpened_SignsNobodyOut()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);

        var page = await browser.GetAsync("/signout");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.True(page.Shows("Sign out of all devices"), page.Html);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(SessionsPage)).Status);
    }

    private static void AssertSignedOut(DashboardPage page)
    {
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect to sign in, got {(int)page.Status}.");
        Assert.StartsWith("/signin", page.Location, StringComparison.Ordinal);
    }

    private static string SignedInAt(long createdAt) =>
        DateTimeOffset.FromUnixTimeMilliseconds(createdAt).UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static List<string> Rows(DashboardPage page) => TableRow().Matches(page.Html).Select(m => m.Value).ToList();

    private static string MarkedRow(DashboardPage page) => Assert.Single(Rows(page), row => row.Contains("this session", StringComparison.Ordinal));

    private static List<string> Handles(DashboardPage page) => SessionHandle().Matches(page.Html).Select(m => m.Groups["handle"].Value).ToList();

    [GeneratedRegex(@"<tr>\s*<th scope=""row"">.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"name=""session"" value=""(?<handle>[0-9a-f]+)""")]
    private static partial Regex SessionHandle();
}
