using System.Net;
using Waymark.AccessReviews.Tests.Support;
using Waymark.Audit;
using Waymark.TestSupport;
using static Waymark.AccessReviews.Tests.Support.ReviewWorkspace;

namespace Waymark.AccessReviews.Tests.Pages;

/// <summary>
/// The dashboard's access-review pages over HTTP, signed in: the list with progress, starting a review, the schedule
/// form, deciding an item with a note, the evidence download; and a member without security:manage is refused.
/// </summary>
public abstract class AccessReviewPageTests(WaymarkTestServer server)
{
    [Fact]
    public async Task AnOwner_StartsAReview_DecidesAnItemWithANote_SetsTheSchedule_AndDownloadsTheEvidence()
    {
        var workspace = await CreateAsync(server);
        var owner = await workspace.JoinAsync("owner");
        var editor = await workspace.JoinAsync("editor");
        using var browser = await workspace.SignInAsync(owner);
        var index = $"/w/{workspace.PublicId}/access-reviews";

        var started = await browser.PostFormAsync(index, [], index + "?handler=start");
        Assert.Equal(HttpStatusCode.Redirect, started.Status);
        var reviewPath = started.Location!;
        var review = await browser.GetAsync(reviewPath);
        Assert.Equal(HttpStatusCode.OK, review.Status);
        Assert.True(review.Shows("Member " + editor.Email), review.Html);
        Assert.True(review.Shows("0 of 4 decided"), review.Html);

        var id = (long)(await workspace.ListAsync()).Single(c => (string?)c["kind"] == "manual")["id"]!;
        var itemId = Items(await workspace.GetAsync(id)).Single(i => (string?)i["account_id"] == editor.AccountId)["id"]!.ToString();
        var decided = await browser.PostFormAsync(reviewPath, [new("itemId", itemId), new("decision", "confirm"), new("Note", "checked with their manager")], reviewPath + "?handler=decide");
        Assert.Equal(HttpStatusCode.Redirect, decided.Status);
        var after = await browser.GetAsync(reviewPath);
        Assert.True(after.Shows("checked with their manager"), after.Html);
        Assert.True(after.Shows("1 of 4 decided"), after.Html);
        var twice = await browser.PostFormAsync(reviewPath, [new("itemId", itemId), new("decision", "revoke")], reviewPath + "?handler=decide");
        Assert.Equal(HttpStatusCode.OK, twice.Status);
        Assert.True(twice.Shows("a decision is final"), twice.Html);
        Assert.True(await workspace.IsMemberAsync(editor.AccountId));

        var list = await browser.GetAsync(index);
        Assert.Contains("<progress", list.Html, StringComparison.Ordinal);
        Assert.True(list.Shows("1 of 4 decided"), list.Html);
        var schedule = await browser.PostFormAsync(index, [new("EveryMonths", "6"), new("DueDays", "10")], index + "?handler=schedule");
        Assert.Equal(HttpStatusCode.Redirect, schedule.Status);
        var badSchedule = await browser.PostFormAsync(index, [new("EveryMonths", "13"), new("DueDays", "10")], index + "?handler=schedule");
        Assert.Equal(HttpStatusCode.OK, badSchedule.Status);
        Assert.True(badSchedule.Shows("from 1 to 12"), badSchedule.Html);
        Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewScheduleChanged));

        var evidence = await browser.GetAsync(reviewPath + "?handler=evidence");
        Assert.Equal(HttpStatusCode.OK, evidence.Status);
        var rows = Waymark.AccessReviews.Tests.Evidence.EvidenceTests.Parse(evidence.Html);
        Assert.Equal(5, rows.Count);
        Assert.Contains(rows, r => r.Contains("checked with their manager") && r.Contains("confirm"));
        Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewExported));
    }

    [Fact]
    public async Task AMemberWithoutSecurityManage_IsRefusedThePages()
    {
        var workspace = await CreateAsync(server);
        var editor = await workspace.JoinAsync("editor");
        using var browser = await workspace.SignInAsync(editor);

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/w/{workspace.PublicId}/access-reviews")).Status);
        Assert.Empty(await workspace.ListAsync("completed"));
    }
}

public sealed class SqliteAccessReviewPageTests(SqliteReviewServer fixture) : AccessReviewPageTests(fixture.Server), IClassFixture<SqliteReviewServer>;

public sealed class PostgresAccessReviewPageTests(PostgresReviewServer fixture) : AccessReviewPageTests(fixture.Server), IClassFixture<PostgresReviewServer>;
