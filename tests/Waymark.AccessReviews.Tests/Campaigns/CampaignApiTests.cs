using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.AccessReviews.Scheduling;
using Waymark.AccessReviews.Tests.Support;
using Waymark.Api;
using Waymark.Audit;
using Waymark.TestSupport;
using Waymark.Workspaces.Callers;
using static Waymark.AccessReviews.Tests.Support.ReviewWorkspace;

namespace Waymark.AccessReviews.Tests.Campaigns;

/// <summary>
/// <c>/v1/access-reviews</c> over HTTP: starting a review lists every member and working key; confirming keeps the
/// access, revoking takes it away through the owning service; a decision is final; bad input and callers without
/// security:manage are refused without changing anything; an overdue campaign is recorded once.
/// </summary>
public abstract class CampaignApiTests(WaymarkTestServer server)
{
    [Fact]
    public async Task AManualReview_ListsEveryMemberAndEveryWorkingKey_AndItsStartIsAudited()
    {
        var workspace = await CreateAsync(server);
        var editor = await workspace.JoinAsync("editor");
        var revoked = await workspace.CreateKeyAsync(Caller.Operator(), Permissions.DataRead);
        await server.Services.GetRequiredService<Waymark.Workspaces.ApiKeys.KeyService>().RevokeAsync(Caller.Operator(), workspace.Id, revoked.Key.Id);

        var started = await workspace.StartAsync();
        var detail = await workspace.GetAsync((long)started["id"]!);

        Assert.Equal("manual", (string?)started["kind"]);
        Assert.Equal("open", (string?)started["state"]);
        Assert.Equal(0, (int)started["items_decided"]!);
        var items = Items(detail);
        var member = Assert.Single(items, i => (string?)i["kind"] == "member");
        Assert.Equal(editor.AccountId, (string?)member["account_id"]);
        Assert.Equal(editor.Email, (string?)member["email"]);
        Assert.Equal("editor", (string?)member["role"]);
        var keyIds = items.Where(i => (string?)i["kind"] == "key").Select(i => (long)i["key_id"]!).ToList();
        Assert.Equal(2, keyIds.Count);
        Assert.DoesNotContain(revoked.Key.Id, keyIds);
        Assert.Equal(3, (int)started["items_total"]!);
        var audit = Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewStarted), e => e.Details!["kind"] == "manual");
        Assert.Equal("access-review", audit.TargetType);
        Assert.Equal(((long)started["id"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), audit.TargetId);
        Assert.Equal("manual", audit.Details!["kind"]);
    }

    [Fact]
    public async Task RevokingAMemberAndAKey_OverHttp_RemovesTheMemberAndRevokesTheKey_AndTheLastDecisionCompletesTheReview()
    {
        var workspace = await CreateAsync(server);
        var leaving = await workspace.JoinAsync("analyst");
        var staying = await workspace.JoinAsync("viewer");
        var key = await workspace.CreateKeyAsync(Caller.Operator(), Permissions.DataRead);
        var id = (long)(await workspace.StartAsync())["id"]!;
        var items = Items(await workspace.GetAsync(id));
        long ItemOf(Func<JsonObject, bool> match) => (long)items.Single(match)["id"]!;

        var revokeMember = await workspace.DecideAsync(id, ItemOf(i => (string?)i["account_id"] == leaving.AccountId && (string?)i["kind"] == "member"), new { decision = "revoke", note = "left the team" });
        var revokeKey = await workspace.DecideAsync(id, ItemOf(i => (long?)i["key_id"] == key.Key.Id), new { decision = "revoke" });
        var confirm = await workspace.DecideAsync(id, ItemOf(i => (string?)i["account_id"] == staying.AccountId && (string?)i["kind"] == "member"), new { decision = "confirm" });

        Assert.Equal(HttpStatusCode.OK, revokeMember.StatusCode);
        Assert.Equal(HttpStatusCode.OK, revokeKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var decided = (await revokeMember.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("revoke", (string?)decided["decision"]);
        Assert.Equal("left the team", (string?)decided["note"]);
        Assert.StartsWith("server-key:", (string?)decided["decided_by"], StringComparison.Ordinal);
        Assert.False(await workspace.IsMemberAsync(leaving.AccountId));
        Assert.True(await workspace.IsMemberAsync(staying.AccountId));
        Assert.Equal("revoked", (await workspace.KeyAsync(key.Key.Id)).State);
        Assert.Single(await workspace.AuditAsync(AuditActions.MemberRemoved));
        Assert.Contains(await workspace.AuditAsync(AuditActions.KeyRevoked), e => e.TargetId == key.Key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var decisions = await workspace.AuditAsync(AuditActions.AccessReviewDecided);
        Assert.Equal(3, decisions.Count);
        Assert.All(decisions, d => Assert.DoesNotContain("left the team", string.Join(" ", d.Details!.Values), StringComparison.Ordinal));
        Assert.Contains(decisions, d => d.Details!["item_kind"] == "member" && d.Details["decision"] == "revoke");
        Assert.Contains(decisions, d => d.Details!["item_kind"] == "key" && d.Details["decision"] == "revoke");
        Assert.Empty(await workspace.AuditAsync(AuditActions.AccessReviewCompleted));

        foreach (var rest in Items(await workspace.GetAsync(id)).Where(i => i["decision"] is null))
        {
            Assert.Equal(HttpStatusCode.OK, (await workspace.DecideAsync(id, (long)rest["id"]!, new { decision = "confirm" })).StatusCode);
        }

        var done = (await workspace.GetAsync(id))["access_review"]!;
        Assert.Equal("completed", (string?)done["state"]);
        Assert.NotNull(done["completed_at"]);
        Assert.Equal((int)done["items_total"]!, (int)done["items_decided"]!);
        var completed = Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewCompleted));
        Assert.Equal("2", completed.Details!["revoked"]);
        Assert.Equal(id, (long)Assert.Single(await workspace.ListAsync("completed"))["id"]!);
        Assert.DoesNotContain(await workspace.ListAsync("open"), c => (long)c["id"]! == id);
    }

    [Fact]
    public async Task DecidingTwice_Is409_AndTheFirstDecisionStands()
    {
        var workspace = await CreateAsync(server);
        var id = (long)(await workspace.StartAsync())["id"]!;
        var itemId = (long)Items(await workspace.GetAsync(id))[0]["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await workspace.DecideAsync(id, itemId, new { decision = "confirm", note = "first" })).StatusCode);
        await AssertProblemAsync(await workspace.DecideAsync(id, itemId, new { decision = "revoke", note = "second" }), HttpStatusCode.Conflict, "already-decided");

        var item = Items(await workspace.GetAsync(id)).Single(i => (long)i["id"]! == itemId);
        Assert.Equal("confirm", (string?)item["decision"]);
        Assert.Equal("first", (string?)item["note"]);
        Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewDecided));
        Assert.Empty(await workspace.AuditAsync(AuditActions.KeyRevoked));
    }

    [Fact]
    public async Task BadInput_Is400_AndNothingChanges()
    {
        var workspace = await CreateAsync(server);
        var id = (long)(await workspace.StartAsync())["id"]!;
        var itemId = (long)Items(await workspace.GetAsync(id))[0]["id"]!;

        await AssertProblemAsync(await workspace.DecideAsync(id, itemId, new { decision = "approve" }), HttpStatusCode.BadRequest, "invalid-decision");
        await AssertProblemAsync(await workspace.DecideAsync(id, itemId, new { note = "no decision" }), HttpStatusCode.BadRequest, "invalid-decision");
        await AssertProblemAsync(await workspace.DecideAsync(id, itemId, new { decision = "confirm", note = new string('x', 2001) }), HttpStatusCode.BadRequest, "invalid-note");
        await AssertProblemAsync(await workspace.DecideAsync(id, itemId + 100_000, new { decision = "confirm" }), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await workspace.Full.GetAsync($"{Reviews}?state=pending"), HttpStatusCode.BadRequest, "invalid-state");
        await AssertProblemAsync(await workspace.Full.PutAsync($"{Reviews}/schedule", Json(new { every_months = 0, due_days = 14 })), HttpStatusCode.BadRequest, "invalid-schedule");
        await AssertProblemAsync(await workspace.Full.PutAsync($"{Reviews}/schedule", Json(new { every_months = 3, due_days = 91 })), HttpStatusCode.BadRequest, "invalid-schedule");

        Assert.All(Items(await workspace.GetAsync(id)), i => Assert.Null(i["decision"]));
        Assert.Empty(await workspace.AuditAsync(AuditActions.AccessReviewDecided));
        Assert.Empty(await workspace.AuditAsync(AuditActions.AccessReviewScheduleChanged));
    }

    [Fact]
    public async Task TheSchedule_IsReadAndChanged_AndTheChangeIsAudited()
    {
        var workspace = await CreateAsync(server);

        var before = (await workspace.Full.GetFromJsonAsync<JsonObject>($"{Reviews}/schedule"))!;
        var changed = await workspace.Full.PutAsync($"{Reviews}/schedule", Json(new { every_months = 6, due_days = 21 }));

        Assert.Equal(3, (int)before["every_months"]!);
        Assert.Equal(14, (int)before["due_days"]!);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var after = (await workspace.Full.GetFromJsonAsync<JsonObject>($"{Reviews}/schedule"))!;
        Assert.Equal(6, (int)after["every_months"]!);
        Assert.Equal(21, (int)after["due_days"]!);
        Assert.True((DateTimeOffset)after["next_due_at"]! > TimeProvider.System.GetUtcNow().AddMonths(5));
        var audit = Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewScheduleChanged));
        Assert.Equal("3", audit.Details!["every_months_before"]);
        Assert.Equal("6", audit.Details["every_months_after"]);
    }

    [Fact]
    public async Task AViewersKey_IsRefused_AndAReviewerWithoutMembersManage_CannotRemoveAMember()
    {
        var workspace = await CreateAsync(server);
        var member = await workspace.JoinAsync("editor");
        var id = (long)(await workspace.StartAsync())["id"]!;
        var itemId = (long)Items(await workspace.GetAsync(id)).Single(i => (string?)i["account_id"] == member.AccountId && (string?)i["kind"] == "member")["id"]!;
        var viewer = await workspace.KeyClientAsync(Permissions.WorkspaceView);
        var reviewer = await workspace.KeyClientAsync(Permissions.SecurityManage);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(Reviews)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(Reviews, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await workspace.DecideAsync(id, itemId, new { decision = "revoke" }, viewer)).StatusCode);
        var problem = await AssertProblemAsync(await workspace.DecideAsync(id, itemId, new { decision = "revoke" }, reviewer), HttpStatusCode.Forbidden, "forbidden");

        Assert.Contains("members:manage", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.True(await workspace.IsMemberAsync(member.AccountId));
        Assert.Null(Items(await workspace.GetAsync(id)).Single(i => (long)i["id"]! == itemId)["decision"]);
        Assert.Equal(HttpStatusCode.OK, (await workspace.DecideAsync(id, itemId, new { decision = "confirm" }, reviewer)).StatusCode);
    }

    [Fact]
    public async Task AnOverdueReview_RecordsAccessReviewOverdueExactlyOnce_AndStaysWorkable()
    {
        var workspace = await CreateAsync(server);
        var id = (long)(await workspace.StartAsync())["id"]!;

        await ReviewWorker.MakeOverdueAsync(server, id);
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while ((await workspace.AuditAsync(AuditActions.AccessReviewOverdue)).Count == 0)
        {
            Assert.False(guard.IsCancellationRequested, "The worker never recorded the overdue review.");
            await Task.Delay(100);
        }

        var overdue = server.Services.GetRequiredService<OverdueCampaigns>();
        Assert.Equal(0, await overdue.RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await overdue.RunOnceAsync(CancellationToken.None));
        var entry = Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewOverdue));
        Assert.Equal("access-review", entry.TargetType);
        Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.TargetId);
        Assert.Equal(AuditActorKind.System, entry.Actor.Kind);
        Assert.Equal("overdue", (string?)Assert.Single(await workspace.ListAsync("overdue"))["state"]);
        var itemId = (long)Items(await workspace.GetAsync(id))[0]["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await workspace.DecideAsync(id, itemId, new { decision = "confirm" })).StatusCode);
    }
}

public sealed class SqliteCampaignApiTests(SqliteReviewServer fixture) : CampaignApiTests(fixture.Server), IClassFixture<SqliteReviewServer>;

public sealed class PostgresCampaignApiTests(PostgresReviewServer fixture) : CampaignApiTests(fixture.Server), IClassFixture<PostgresReviewServer>;
