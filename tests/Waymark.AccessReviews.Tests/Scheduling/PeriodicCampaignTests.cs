using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Waymark.AccessReviews.Scheduling;
using Waymark.AccessReviews.Tests.Support;
using Waymark.Audit;
using static Waymark.AccessReviews.Tests.Support.ReviewWorkspace;

namespace Waymark.AccessReviews.Tests.Scheduling;

/// <summary>
/// The periodic review starts when the workspace's period comes, once per period however many workers race for it;
/// a schedule set through the API moves the first campaign to one new period after the change.
/// </summary>
public abstract class PeriodicCampaignTests(TwoWorkerServers servers)
{
    [Fact]
    public async Task TheQuarterlyReview_StartsWhenItsPeriodComes_AndOnlyOnce_WithTwoWorkers()
    {
        var workspace = await CreateAsync(servers.Server);
        await workspace.JoinAsync("editor");
        await RunBothWorkersAsync();
        Assert.DoesNotContain(await workspace.ListAsync(), c => (string?)c["kind"] == "quarterly");

        servers.Clock.Advance(TimeSpan.FromDays(93));
        var campaign = await workspace.WaitForCampaignAsync("quarterly");
        await RunBothWorkersAsync();
        await RunBothWorkersAsync();

        Assert.Single(await workspace.ListAsync(), c => (string?)c["kind"] == "quarterly");
        Assert.Single(await workspace.AuditAsync(AuditActions.AccessReviewStarted), e => e.Details!["kind"] == "quarterly");
        Assert.Equal(3, (int)campaign["items_total"]!);
        Assert.Equal(TimeSpan.FromDays(14), (DateTimeOffset)campaign["due_at"]! - (DateTimeOffset)campaign["started_at"]!);
        var schedule = (await workspace.Full.GetFromJsonAsync<JsonObject>($"{Reviews}/schedule"))!;
        Assert.True((DateTimeOffset)schedule["next_due_at"]! > servers.Clock.GetUtcNow());
    }

    [Fact]
    public async Task AScheduleSetThroughTheApi_StartsItsFirstReviewOnePeriodAfterTheChange_WithItsOwnDueDays()
    {
        var workspace = await CreateAsync(servers.Server);
        Assert.Equal(HttpStatusCode.OK, (await workspace.Full.PutAsync($"{Reviews}/schedule", Json(new { every_months = 1, due_days = 5 }))).StatusCode);

        servers.Clock.Advance(TimeSpan.FromDays(20));
        await RunBothWorkersAsync();
        Assert.DoesNotContain(await workspace.ListAsync(), c => (string?)c["kind"] == "quarterly");
        servers.Clock.Advance(TimeSpan.FromDays(12));
        var campaign = await workspace.WaitForCampaignAsync("quarterly");

        Assert.True(TimeSpan.FromDays(5) == (DateTimeOffset)campaign["due_at"]! - (DateTimeOffset)campaign["started_at"]!, campaign.ToJsonString());
    }

    /// <summary>Runs one scheduling pass on each node at the same time, beside their own background loops.</summary>
    private Task<int[]> RunBothWorkersAsync() => Task.WhenAll(
        servers.Server.Services.GetRequiredService<PeriodicCampaigns>().RunOnceAsync(CancellationToken.None),
        servers.SecondWorker.Services.GetRequiredService<PeriodicCampaigns>().RunOnceAsync(CancellationToken.None));
}

public sealed class SqlitePeriodicCampaignTests(SqliteTwoWorkerServers fixture) : PeriodicCampaignTests(fixture), IClassFixture<SqliteTwoWorkerServers>;

public sealed class PostgresPeriodicCampaignTests(PostgresTwoWorkerServers fixture) : PeriodicCampaignTests(fixture), IClassFixture<PostgresTwoWorkerServers>;
