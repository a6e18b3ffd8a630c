using Microsoft.EntityFrameworkCore;
using Waymark.AccessReviews.Campaigns;
using Waymark.AccessReviews.Schema;
using Waymark.Audit;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Workspaces;

namespace Waymark.AccessReviews.Scheduling;

/// <summary>
/// Starts each workspace's periodic campaign when its schedule comes due. The start is claimed by a conditional update
/// of the schedule's next due time, in the transaction that inserts the campaign: of several workers exactly one starts
/// a period's campaign, and a claimed period always has its campaign.
/// </summary>
internal sealed class PeriodicCampaigns(AccessReviewContexts contexts, WorkspaceService workspaces, ReviewSchedules schedules, CampaignItems items, CampaignStore store, TimeProvider clock)
{
    /// <summary>Starts every due campaign; answers how many this worker started.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await AddMissingSchedulesAsync(cancellationToken);
        var now = clock.GetUtcNow();
        List<ScheduleRow> due;
        await using (var db = contexts.Create())
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            due = await db.Schedules.AsNoTracking().Where(s => s.NextDueAt <= nowMs).ToListAsync(cancellationToken);
        }

        var started = 0;
        foreach (var schedule in due)
        {
            if (await TryStartAsync(schedule, now, cancellationToken))
            {
                started++;
            }
        }

        return started;
    }

    private async Task<bool> TryStartAsync(ScheduleRow schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await items.CollectAsync(schedule.WorkspaceId, CampaignKinds.Quarterly, null, null, cancellationToken);
        var next = DateTimeOffset.FromUnixTimeMilliseconds(schedule.NextDueAt);
        while (next <= now)
        {
            next = next.AddMonths(schedule.EveryMonths);
        }

        var campaign = CampaignStore.NewCampaign(schedule.WorkspaceId, CampaignKinds.Quarterly, now, schedule.DueDays);
        await using (var db = contexts.Create())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Schedules.Where(s => s.WorkspaceId == schedule.WorkspaceId && s.NextDueAt == schedule.NextDueAt)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, next.ToUnixTimeMilliseconds()), cancellationToken);
            if (claimed != 1)
            {
                return false;
            }

            // A workspace with nothing to review still moves to its next period: there is no campaign to start.
            if (rows.Count > 0)
            {
                await CampaignStore.InsertAsync(db, campaign, rows, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (rows.Count == 0)
        {
            return false;
        }

        await store.AuditStartedAsync(new Caller(AuditActor.System, new HashSet<string>()), campaign, rows.Count, cancellationToken);
        return true;
    }

    /// <summary>Gives each workspace seen for the first time the default schedule, due one period after its creation.</summary>
    private async Task AddMissingSchedulesAsync(CancellationToken cancellationToken)
    {
        List<long> known;
        await using (var db = contexts.Create())
        {
            known = await db.Schedules.AsNoTracking().Select(s => s.WorkspaceId).ToListAsync(cancellationToken);
        }

        var knownPublicIds = (await workspaces.NamesAsync(known, cancellationToken)).Values.Select(n => n.PublicId).ToHashSet(StringComparer.Ordinal);
        foreach (var workspace in (await workspaces.ListAsync(cancellationToken)).Where(w => !knownPublicIds.Contains(w.WorkspaceId)))
        {
            if (await workspaces.FindIdAsync(workspace.WorkspaceId, cancellationToken) is { } id)
            {
                await schedules.EnsureAsync(id, workspace.CreatedAt, cancellationToken);
            }
        }
    }
}
