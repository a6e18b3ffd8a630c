using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Waymark.AccessReviews.Tests.Support;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Audit;
using Waymark.TestSupport;
using Waymark.Workspaces.Callers;
using static Waymark.AccessReviews.Tests.Support.ReviewWorkspace;

namespace Waymark.AccessReviews.Tests.Campaigns;

/// <summary>
/// The worker starts an onboarding review when a member joins and an offboarding review when one is removed, read
/// from the audit stream; the offboarding checks show the live state of the former member's keys and sessions.
/// </summary>
public abstract class MembershipTriggerTests(WaymarkTestServer server)
{
    [Fact]
    public async Task AMemberWhoAcceptsAnInvitation_GetsAnOnboardingReviewOfTheirRole_AndOfTheKeysTheyCreate()
    {
        await ReviewWorker.WaitUntilFollowingAsync(server);
        var workspace = await CreateAsync(server);

        var member = await workspace.JoinAsync("admin");
        var campaign = await workspace.WaitForCampaignAsync("onboarding");
        var key = await workspace.CreateKeyAsync(await workspace.CallerForAsync(member), Permissions.DataRead);

        Assert.Equal(member.AccountId, (string?)campaign["member_account_id"]);
        Assert.True((DateTimeOffset)campaign["due_at"]! - (DateTimeOffset)campaign["started_at"]! == TimeSpan.FromDays(7));
        var item = Assert.Single(Items(await workspace.GetAsync((long)campaign["id"]!)), i => (string?)i["kind"] == "member");
        Assert.Equal("admin", (string?)item["role"]);
        Assert.Equal(member.AccountId, (string?)item["account_id"]);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!Items(await workspace.GetAsync((long)campaign["id"]!)).Any(i => (long?)i["key_id"] == key.Key.Id))
        {
            Assert.False(guard.IsCancellationRequested, "The key the new member created never joined their onboarding review.");
            await Task.Delay(100);
        }

        var keyItem = Items(await workspace.GetAsync((long)campaign["id"]!)).Single(i => (string?)i["kind"] == "key");
        Assert.Equal(key.Key.Prefix, (string?)keyItem["key_prefix"]);
        Assert.Equal(["data:read"], keyItem["key_scopes"]!.AsArray().Select(s => (string?)s));
        var started = Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewStarted));
        Assert.Equal(AuditActorKind.System, started.Actor.Kind);
        Assert.Equal("onboarding", started.Details!["kind"]);
    }

    [Fact]
    public async Task AMemberWhoIsRemoved_GetsAnOffboardingReview_WhoseChecksShowTheirKeysRevokedAndSessionsEnded()
    {
        await ReviewWorker.WaitUntilFollowingAsync(server);
        var workspace = await CreateAsync(server);
        var member = await workspace.JoinAsync("admin");
        using var browser = await workspace.SignInAsync(member);
        var key = await workspace.CreateKeyAsync(await workspace.CallerForAsync(member), Permissions.DataRead);

        var removed = await server.Services.GetRequiredService<MemberDirectory>().RemoveAsync(Caller.Operator(), workspace.Id, member.AccountId);
        Assert.True(removed.Succeeded, removed.Refusal?.Detail);
        var campaign = await workspace.WaitForCampaignAsync("offboarding");
        var items = Items(await workspace.GetAsync((long)campaign["id"]!));

        Assert.Equal(member.AccountId, (string?)campaign["member_account_id"]);
        Assert.Equal(["offboarding-keys", "offboarding-sessions"], items.Select(i => (string?)i["kind"]));
        Assert.All(items, i => Assert.Equal(member.Email, (string?)i["email"]));
        Assert.All(items, i => Assert.Equal("admin", (string?)i["role"]));
        Assert.All(items, i => Assert.True((bool)i["check"]!["passed"]!, (string?)i["check"]!["facts"]));
        Assert.Contains("All 1 key(s) they created are revoked", (string?)items[0]["check"]!["facts"], StringComparison.Ordinal);
        Assert.Equal("revoked", (await workspace.KeyAsync(key.Key.Id)).State);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync($"/w/{workspace.PublicId}")).Status);

        foreach (var item in items)
        {
            Assert.Equal(HttpStatusCode.OK, (await workspace.DecideAsync((long)campaign["id"]!, (long)item["id"]!, new { decision = "confirm" })).StatusCode);
        }

        var done = await workspace.GetAsync((long)campaign["id"]!);
        Assert.Equal("completed", (string?)done["access_review"]!["state"]);
        Assert.Contains("revoked or expired", (string?)Items(done)[0]["facts"], StringComparison.Ordinal);
        Assert.Contains("No session", (string?)Items(done)[1]["facts"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithSingleSignOn_TheOffboardingReviewChecksTheyAreNotBack_AndRevokingRemovesThemAgain()
    {
        await ReviewWorker.WaitUntilFollowingAsync(server);
        var workspace = await CreateAsync(server);
        await workspace.ConfigureSsoAsync();
        var member = await workspace.JoinAsync("editor");
        var directory = server.Services.GetRequiredService<MemberDirectory>();
        Assert.True((await directory.RemoveAsync(Caller.Operator(), workspace.Id, member.AccountId)).Succeeded);
        var id = (long)(await workspace.WaitForCampaignAsync("offboarding"))["id"]!;
        var sso = Items(await workspace.GetAsync(id)).Single(i => (string?)i["kind"] == "offboarding-sso");
        Assert.True((bool)sso["check"]!["passed"]!, (string?)sso["check"]!["facts"]);

        await workspace.RejoinAsync(member, "viewer");
        var back = Items(await workspace.GetAsync(id)).Single(i => (string?)i["kind"] == "offboarding-sso");
        var confirm = await workspace.DecideAsync(id, (long)sso["id"]!, new { decision = "confirm" });
        var revoke = await workspace.DecideAsync(id, (long)sso["id"]!, new { decision = "revoke" });

        Assert.False((bool)back["check"]!["passed"]!);
        Assert.Contains("member again (role viewer)", (string?)back["check"]!["facts"], StringComparison.Ordinal);
        var problem = await AssertProblemAsync(confirm, HttpStatusCode.Conflict, "check-failing");
        Assert.Contains("Revoke this item", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False(await workspace.IsMemberAsync(member.AccountId));
        var decided = Items(await workspace.GetAsync(id)).Single(i => (string?)i["kind"] == "offboarding-sso");
        Assert.Equal("revoke", (string?)decided["decision"]);
        Assert.Contains("They are not a member", (string?)decided["facts"], StringComparison.Ordinal);
        Assert.Equal(2, (await workspace.AuditAsync(AuditActions.MemberRemoved)).Count);
    }
}

public sealed class SqliteMembershipTriggerTests(SqliteReviewServer fixture) : MembershipTriggerTests(fixture.Server), IClassFixture<SqliteReviewServer>;

public sealed class PostgresMembershipTriggerTests(PostgresReviewServer fixture) : MembershipTriggerTests(fixture.Server), IClassFixture<PostgresReviewServer>;
