using System.Net;
using Waymark.Accounts.Tests.Support;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Accounts.Tests.Sessions;

/// <summary>
/// A session ends 30 minutes after its last use and 12 hours after the sign-in however busy it is, both enforced by
/// the server on the next request. The server's clock is moved forward rather than waited for.
/// </summary>
public sealed class SessionLimitTests(SessionServers servers) : IClassFixture<SessionServers>
{
    private const string SessionsPage = "/account/sessions";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Session_UnusedLongerThanIdleTimeout_IsSignedOut_AndItsRowDeleted(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(SessionsPage)).Status);
        Assert.Single(await SessionRows.OfAsync(workspace, member.AccountId));

        servers.Clock.Advance(TimeSpan.FromMinutes(31));

        AssertSignedOut(await browser.GetAsync(SessionsPage));
        Assert.Empty(await SessionRows.OfAsync(workspace, member.AccountId));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Session_UsedWithinIdleTimeout_StaysSignedIn_ButEndsTwelveHoursAfterSignIn(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);
        var step = TimeSpan.FromMinutes(25);
        var elapsed = TimeSpan.Zero;

        // Each step is idle for less than 30 minutes, and each crosses Identity's 30-minute security-stamp check at
        // least every other time, which renews the ticket: neither may push the end of the session back.
        while (elapsed + step < TimeSpan.FromHours(12))
        {
            servers.Clock.Advance(step);
            elapsed += step;
            var page = await browser.GetAsync(SessionsPage);
            Assert.True(page.Status == HttpStatusCode.OK, $"Signed out after {elapsed} of steady use: {(int)page.Status} {page.Location}");
        }

        servers.Clock.Advance(step);

        AssertSignedOut(await browser.GetAsync(SessionsPage));
        Assert.Empty(await SessionRows.OfAsync(workspace, member.AccountId));
    }

    /// <summary>The row's end is what counts, not the ticket's (which the cookie handler moves whenever it renews one).</summary>
    [Fact]
    public async Task Session_PastTheEndRecordedOnItsRow_IsSignedOut_WhateverItsTicketSays()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(SessionsPage)).Status);
        var ended = servers.Clock.GetUtcNow().AddSeconds(-1).ToUnixTimeMilliseconds();

        Assert.Equal(1, await workspace.ExecuteSqlAsync("UPDATE account_sessions SET expires_at = {0} WHERE account_id = {1}", ended, member.AccountId));

        AssertSignedOut(await browser.GetAsync(SessionsPage));
        Assert.Empty(await SessionRows.OfAsync(workspace, member.AccountId));
    }

    [Fact]
    public async Task Session_RecordsHowItWasStarted()
    {
        var workspace = await servers.WorkspaceAsync("sqlite");
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = await workspace.SignInAsync(member);

        var row = Assert.Single(await SessionRows.OfAsync(workspace, member.AccountId));

        Assert.Equal("password", row.Method);
        Assert.Equal("127.0.0.1", row.SourceIp);
    }

    private static void AssertSignedOut(DashboardPage page)
    {
        Assert.True(page.Status == HttpStatusCode.Redirect, $"Expected a redirect to sign in, got {(int)page.Status}.");
        Assert.StartsWith("/signin", page.Location, StringComparison.Ordinal);
    }
}
