using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Waymark.AccessReviews.Scheduling;

/// <summary>
/// The worker role's access-review loop: on start and every <see cref="AccessReviewOptions.PollInterval"/>, starts due
/// periodic campaigns, starts onboarding and offboarding campaigns from the audit stream, and records overdue ones.
/// Every step is safe to run on several workers at once.
/// </summary>
internal sealed class AccessReviewWorker(
    PeriodicCampaigns periodic,
    MembershipTriggers triggers,
    OverdueCampaigns overdue,
    IOptions<AccessReviewOptions> options,
    TimeProvider clock,
    ILogger<AccessReviewWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbException or DbUpdateException or TimeoutException or InvalidOperationException)
            {
                // The next tick tries again; a missed tick only delays a campaign.
                logger.LogWarning(e, "Access review tick failed; retrying in {Interval}", options.Value.PollInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await triggers.RunOnceAsync(cancellationToken);
        await periodic.RunOnceAsync(cancellationToken);
        await overdue.RunOnceAsync(cancellationToken);
    }
}
