using Microsoft.EntityFrameworkCore;
using Waymark.AccessReviews.Campaigns;
using Waymark.AccessReviews.Schema;
using Waymark.Audit;

namespace Waymark.AccessReviews.Scheduling;

/// <summary>
/// Records <c>access-review.overdue</c> once for each campaign still undecided past its due time, in its workspace's
/// chain; the incidents feature turns that entry into an incident. The once is a conditional update: of several
/// workers, the one that sets the campaign's mark writes the entry.
/// </summary>
internal sealed class OverdueCampaigns(AccessReviewContexts contexts, IAuditLog audit, TimeProvider clock)
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        List<CampaignRow> overdue;
        await using (var db = contexts.Create())
        {
            overdue = await db.Campaigns.AsNoTracking().Where(c => c.CompletedAt == null && c.OverdueRecordedAt == null && c.DueAt < now).ToListAsync(cancellationToken);
        }

        var recorded = 0;
        foreach (var campaign in overdue)
        {
            int undecided;
            await using (var db = contexts.Create())
            {
                if (await db.Campaigns.Where(c => c.Id == campaign.Id && c.OverdueRecordedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.OverdueRecordedAt, now), cancellationToken) != 1)
                {
                    continue;
                }

                undecided = await db.Items.CountAsync(i => i.CampaignId == campaign.Id && i.Decision == null, cancellationToken);
            }

            await audit.RecordAsync(new AuditEvent(campaign.WorkspaceId, AuditActions.AccessReviewOverdue, AuditActor.System, AuditOutcome.Success, "access-review", CampaignStore.IdOf(campaign.Id), null, null, new Dictionary<string, string>
            {
                ["kind"] = campaign.Kind,
                ["undecided"] = undecided.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["due_at"] = DateTimeOffset.FromUnixTimeMilliseconds(campaign.DueAt).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }), CancellationToken.None);
            recorded++;
        }

        return recorded;
    }
}
