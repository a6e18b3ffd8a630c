using System.Globalization;
using Waymark.AccessReviews.Campaigns;
using Waymark.Audit;
using Waymark.Audit.Tail;
using Waymark.Workspaces.Callers;

namespace Waymark.AccessReviews.Scheduling;

/// <summary>
/// Starts onboarding and offboarding campaigns from the audit stream: a member joining (an accepted invitation, or
/// provisioning by single sign-on) or being removed, in any process. Only the worker whose claim on the batch wins
/// acts on it, so each change starts one campaign. A key a new member creates while their onboarding campaign is
/// unfinished joins that campaign.
/// </summary>
internal sealed class MembershipTriggers(AuditTail tail, CampaignStore store)
{
    public const string Consumer = "access-reviews";

    private const int BatchSize = 500;

    /// <summary>Batches read in one pass at most, so that a busy audit stream is caught up on without one pass running for ever.</summary>
    private const int MaxBatchesPerPass = 20;

    /// <summary>Reads and acts on the entries recorded since the last pass; answers how many campaigns this worker started.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = 0;
        for (var i = 0; i < MaxBatchesPerPass; i++)
        {
            var (count, full) = await RunBatchAsync(cancellationToken);
            started += count;
            if (!full)
            {
                break;
            }
        }

        return started;
    }

    /// <summary>One batch: how many campaigns it started, and whether it was full (more may be waiting).</summary>
    private async Task<(int Started, bool Full)> RunBatchAsync(CancellationToken cancellationToken)
    {
        var batch = await tail.ReadAsync(Consumer, BatchSize, cancellationToken);
        if ((batch.To.Count == 0 && !batch.IsStart) || !await tail.ClaimAsync(batch, cancellationToken))
        {
            return (0, false);
        }

        var system = new Caller(AuditActor.System, new HashSet<string>());
        var started = 0;
        foreach (var entry in batch.Entries.Where(e => e.WorkspaceId != AuditEvent.InstanceChain && e.Outcome == AuditOutcome.Success))
        {
            if (entry.Action == AuditActions.KeyCreated && entry.Actor.Kind == AuditActorKind.Member && long.TryParse(entry.TargetId, CultureInfo.InvariantCulture, out var keyId))
            {
                await store.AddOnboardingKeyAsync(entry.WorkspaceId, entry.Actor.Id!, keyId, cancellationToken);
                continue;
            }

            var (kind, accountId) = entry.Action switch
            {
                AuditActions.InviteAccepted => (CampaignKinds.Onboarding, entry.Actor.Kind == AuditActorKind.Member ? entry.Actor.Id : null),
                AuditActions.SsoMemberProvisioned => (CampaignKinds.Onboarding, entry.TargetId),
                AuditActions.MemberRemoved => (CampaignKinds.Offboarding, entry.TargetId),
                _ => (null, null),
            };
            if (kind is null || accountId is null)
            {
                continue;
            }

            var role = entry.Details?.GetValueOrDefault("role");
            var outcome = await store.StartAsync(system, entry.WorkspaceId, kind, accountId, role, entry.Time, cancellationToken);
            if (outcome.Succeeded)
            {
                started++;
            }
        }

        return (started, batch.Entries.Count == BatchSize);
    }
}
