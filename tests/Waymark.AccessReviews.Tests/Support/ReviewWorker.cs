using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.AccessReviews.Schema;
using Waymark.AccessReviews.Scheduling;
using Waymark.Audit.Tail;
using Waymark.TestSupport;

namespace Waymark.AccessReviews.Tests.Support;

/// <summary>What tests read from or do to the worker's side directly.</summary>
internal static class ReviewWorker
{
    /// <summary>
    /// Waits until the worker has begun following the audit stream: it reacts to what happens from then on, so a test
    /// must not act before (the guard only stops a hang).
    /// </summary>
    public static async Task WaitUntilFollowingAsync(WaymarkTestServer server)
    {
        var tail = server.Services.GetRequiredService<AuditTail>();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while ((await tail.ReadAsync(MembershipTriggers.Consumer, 1)).IsStart)
        {
            Assert.False(guard.IsCancellationRequested, "The access-review worker never started reading the audit stream.");
            await Task.Delay(50);
        }
    }

    /// <summary>Moves a campaign's due time into the past, as if its days had run out.</summary>
    public static async Task MakeOverdueAsync(WaymarkTestServer server, long campaignId)
    {
        await using var db = server.Services.GetRequiredService<AccessReviewContexts>().Create();
        var past = TimeProvider.System.GetUtcNow().AddDays(-1).ToUnixTimeMilliseconds();
        Assert.Equal(1, await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(s => s.SetProperty(c => c.DueAt, past)));
    }
}
