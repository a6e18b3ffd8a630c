using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Mfa;

namespace Waymark.Accounts.Tests.SignIn;

/// <summary>Progressive lockout per account: a minute more per failure past the free ones, capped, permanent at 30, lifted by an owner.</summary>
public sealed class LockoutTests(AccountsServers servers) : IClassFixture<AccountsServers>
{
    private const string WaitMessage = "Too many failed attempts.";
    private const string LockedMessage = "This account is locked after too many failed sign-in attempts.";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task WrongPasswords_PastTheFreeOnes_MakeTheAccountWait_AMinuteMorePerFailure(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        using var browser = new DashboardClient(workspace.Server.BaseAddress);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await browser.TrySignInAsync(member.Email, "wrong password " + i)).Shows(Pages.WrongCredentials));
        }

        var fourth = await browser.TrySignInAsync(member.Email, "wrong password 4");
        var rightButWaiting = await browser.TrySignInAsync(member.Email, member.Password);

        Assert.True(fourth.Shows(WaitMessage), fourth.Html);
        Assert.True(rightButWaiting.Shows(WaitMessage), rightButWaiting.Html);
        Assert.Null(browser.Session);
        var firstWait = await LockedForAsync(workspace, member.AccountId);
        Assert.InRange(firstWait.TotalSeconds, 50, 61);

        await ExpireWaitAsync(workspace, member.AccountId);
        Assert.True((await browser.TrySignInAsync(member.Email, "wrong password 5")).Shows(WaitMessage));
        Assert.InRange((await LockedForAsync(workspace, member.AccountId)).TotalSeconds, 110, 121);

        await ExpireWaitAsync(workspace, member.AccountId);
        await browser.SignInAsync(member.Email, member.Password);
        await using var db = workspace.Services.GetRequiredService<AccountContexts>().Create();
        Assert.False(await db.Throttles.AnyAsync(t => t.Key == "account:" + member.AccountId), "a completed sign-in clears the account's count");
        var lockouts = await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInLockedOut));
        Assert.Equal(2, lockouts.Count(e => e.TargetId == member.AccountId && e.Details?.GetValueOrDefault("scope") == "account"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Account_At30Failures_StaysLockedUntilAnOwnerUnlocksIt(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("editor");
        using var browser = new DashboardClient(workspace.Server.BaseAddress);
        await browser.TrySignInAsync(member.Email, "wrong password");
        await workspace.ExecuteSqlAsync("UPDATE sign_in_throttles SET failures = 29, locked_until = 0 WHERE key = {0}", "account:" + member.AccountId);

        var thirtieth = await browser.TrySignInAsync(member.Email, "wrong password again");
        await ExpireWaitAsync(workspace, member.AccountId);
        var stillLocked = await browser.TrySignInAsync(member.Email, member.Password);

        Assert.True(thirtieth.Shows(LockedMessage), thirtieth.Html);
        Assert.True(stillLocked.Shows(LockedMessage), stillLocked.Html);
        using var viewer = await workspace.KeyClientAsync(Permissions.WorkspaceView);
        using var forbidden = await viewer.PostAsync($"/v1/members/{member.AccountId}/unlock", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var owner = await workspace.KeyClientAsync(Permissions.MembersManage);
        var state = await TestWorkspace.ReadJsonAsync(await owner.GetAsync($"/v1/members/{member.AccountId}/lock"));
        Assert.True((bool)state["permanent"]!);
        var unlocked = await TestWorkspace.ReadJsonAsync(await owner.PostAsync($"/v1/members/{member.AccountId}/unlock", null));
        Assert.True((bool)unlocked["unlocked"]!);

        await browser.SignInAsync(member.Email, member.Password);
        var audit = await workspace.AuditAsync(new AuditFilter(Action: AuditActions.AccountUnlocked));
        Assert.Contains(audit, e => e.TargetId == member.AccountId);
        var permanent = await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInLockedOut));
        Assert.Contains(permanent, e => e.TargetId == member.AccountId && e.Details?.GetValueOrDefault("permanent") == "true");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task WrongAuthenticatorCodes_CountTowardsTheSameLockout(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var member = await workspace.AddMemberAsync("viewer");
        string key;
        await using (var scope = workspace.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByIdAsync(member.AccountId))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
            key = (await users.GetAuthenticatorKeyAsync(account))!;
        }

        using var browser = new DashboardClient(workspace.Server.BaseAddress);
        var password = await browser.TrySignInAsync(member.Email, member.Password);
        Assert.StartsWith("/signin/two-factor", password.Location, StringComparison.Ordinal);
        var right = await Oathtool.TotpAsync(key, TimeProvider.System.GetUtcNow());
        var wrong = right == "123456" ? "654321" : "123456";

        for (var i = 0; i < 3; i++)
        {
            Assert.False((await browser.PostFormAsync("/signin/two-factor", [new("Code", wrong)])).Shows(WaitMessage));
        }

        var fourth = await browser.PostFormAsync("/signin/two-factor", [new("Code", wrong)]);
        var rightButWaiting = await browser.PostFormAsync("/signin/two-factor", [new("Code", right)]);

        Assert.True(fourth.Shows(WaitMessage), fourth.Html);
        Assert.True(rightButWaiting.Shows(WaitMessage), rightButWaiting.Html);
        Assert.Null(browser.Session);
        Assert.InRange((await LockedForAsync(workspace, member.AccountId)).TotalSeconds, 50, 61);
        var lockout = Assert.Single(await workspace.AuditAsync(new AuditFilter(Action: AuditActions.SignInLockedOut)), e => e.TargetId == member.AccountId);
        Assert.Equal("totp", lockout.Details?.GetValueOrDefault("method"));
    }

    [Theory]
    [InlineData("sqlite")]
    public async Task Unlock_OfSomeoneOutsideTheWorkspace_IsNotFound_AndChangesNothing(string provider)
    {
        var workspace = await servers.WorkspaceAsync(provider);
        var other = await servers.WorkspaceAsync(provider);
        var outsider = await other.AddMemberAsync("viewer");
        await workspace.ExecuteSqlAsync("INSERT INTO sign_in_throttles (key, failures, last_failure_at, locked_until, locked_permanently) VALUES ({0}, 30, 0, 0, TRUE)", "account:" + outsider.AccountId);
        using var owner = await workspace.KeyClientAsync(Permissions.MembersManage);

        using var response = await owner.PostAsync($"/v1/members/{outsider.AccountId}/unlock", null);

        await TestWorkspace.AssertProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        await using var db = workspace.Services.GetRequiredService<AccountContexts>().Create();
        Assert.True(await db.Throttles.AnyAsync(t => t.Key == "account:" + outsider.AccountId && t.LockedPermanently));
    }

    private static async Task<TimeSpan> LockedForAsync(TestWorkspace workspace, string accountId)
    {
        await using var db = workspace.Services.GetRequiredService<AccountContexts>().Create();
        var row = await db.Throttles.AsNoTracking().SingleAsync(t => t.Key == "account:" + accountId);
        return TimeSpan.FromMilliseconds(row.LockedUntil - row.LastFailureAt);
    }

    /// <summary>Moves the account's wait into the past, as time passing would, without touching the count.</summary>
    private static Task<int> ExpireWaitAsync(TestWorkspace workspace, string accountId) =>
        workspace.ExecuteSqlAsync("UPDATE sign_in_throttles SET locked_until = 1 WHERE key = {0} AND NOT locked_permanently", "account:" + accountId);

    private static class Pages
    {
        public const string WrongCredentials = "Email or password is wrong.";
    }
}
