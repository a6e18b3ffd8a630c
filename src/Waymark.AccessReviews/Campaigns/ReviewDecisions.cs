using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Waymark.AccessReviews.Schema;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.Callers;

namespace Waymark.AccessReviews.Campaigns;

/// <summary>
/// A reviewer's decision on one item. Revoking goes through the services that own the access (removing a member,
/// revoking a key, ending sessions), which check the reviewer's own permissions: reviewing does not let anyone remove
/// what they could not remove directly. The decision is recorded once; the campaign completes with its last item.
/// </summary>
internal sealed class ReviewDecisions(
    AccessReviewContexts contexts,
    OffboardingChecks checks,
    MemberDirectory members,
    KeyService keys,
    MemberAccessFacts facts,
    IAuditLog audit,
    TimeProvider clock)
{
    public const string Confirm = "confirm";

    public const string Revoke = "revoke";

    public const int MaxNoteLength = 2000;

    public async Task<Outcome<ItemView>> DecideAsync(Caller caller, long workspaceId, long campaignId, long itemId, string? decision, string? note, CancellationToken cancellationToken = default)
    {
        if (decision is not (Confirm or Revoke))
        {
            return Refusal.Invalid("invalid-decision", "Unknown decision", "Send {\"decision\": \"confirm\"} to keep the access or {\"decision\": \"revoke\"} to take it away, with an optional \"note\".");
        }

        var cleanNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (cleanNote is not null && (cleanNote.Length > MaxNoteLength || cleanNote.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))))
        {
            return Refusal.Invalid("invalid-note", "Invalid note", $"A note is at most {MaxNoteLength} characters of text.");
        }

        CampaignRow? campaign;
        ItemRow? item;
        await using (var db = contexts.Create())
        {
            campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId && c.WorkspaceId == workspaceId, cancellationToken);
            item = campaign is null ? null : await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.CampaignId == campaignId, cancellationToken);
        }

        if (campaign is null || item is null)
        {
            return Refusal.NotFound(campaign is null ? "Access review" : "Review item");
        }

        if (item.Decision is not null)
        {
            return AlreadyDecided(item);
        }

        string? facts = null;
        if (ItemKinds.IsOffboardingCheck(item.Kind))
        {
            var before = await checks.RunAsync(workspaceId, campaign, item, cancellationToken);
            if (decision == Confirm && !before.Passed)
            {
                return Refusal.Conflict("check-failing", "The check does not pass", before.Facts + " Revoke this item instead: that takes the remaining access away and records the check again.");
            }

            facts = before.Facts;
        }

        if (decision == Revoke)
        {
            if (await RevokeAsync(caller, workspaceId, campaign, item, cancellationToken) is { } refusal)
            {
                return refusal;
            }

            if (ItemKinds.IsOffboardingCheck(item.Kind))
            {
                facts = (await checks.RunAsync(workspaceId, campaign, item, cancellationToken)).Facts;
            }
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var decidedBy = AuditNames.Of(caller.Actor.Kind) + (caller.Actor.Id is { } id ? ":" + id : "");
        await using (var db = contexts.Create())
        {
            var recorded = await db.Items.Where(i => i.Id == itemId && i.Decision == null)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(i => i.Decision, decision).SetProperty(i => i.DecidedBy, decidedBy).SetProperty(i => i.DecidedAt, now)
                        .SetProperty(i => i.Note, cleanNote).SetProperty(i => i.Facts, facts),
                    cancellationToken);
            if (recorded == 0)
            {
                return AlreadyDecided(item);
            }

            item = await db.Items.AsNoTracking().FirstAsync(i => i.Id == itemId, cancellationToken);
        }

        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.AccessReviewDecided, AuditOutcome.Success, "access-review", CampaignStore.IdOf(campaignId), new Dictionary<string, string>
        {
            ["item_id"] = CampaignStore.IdOf(itemId),
            ["item_kind"] = item.Kind,
            ["decision"] = decision,
        }), CancellationToken.None);
        await CompleteIfDoneAsync(caller, workspaceId, campaignId, cancellationToken);
        return CampaignStore.ItemViewOf(item, null);
    }

    private static Refusal AlreadyDecided(ItemRow item) => Refusal.Conflict(
        "already-decided",
        "Already decided",
        $"This item was decided ({item.Decision}) already; a decision is final. Start a new review to look at this access again.");

    /// <summary>Takes the item's access away through the owning service; null when done (or nothing was left to take).</summary>
    private async Task<Refusal?> RevokeAsync(Caller caller, long workspaceId, CampaignRow campaign, ItemRow item, CancellationToken cancellationToken)
    {
        switch (item.Kind)
        {
            case ItemKinds.Member:
            case ItemKinds.OffboardingSso:
                var removed = await members.RemoveAsync(caller, workspaceId, item.AccountId!, cancellationToken);
                return removed.Refusal is { Status: not 404 } refusal ? refusal : null;
            case ItemKinds.Key:
                return (await keys.RevokeAsync(caller, workspaceId, item.KeyId!.Value, cancellationToken)).Refusal;
            case ItemKinds.OffboardingKeys:
                var working = OffboardingChecks.WorkingKeysOf(await keys.ListAsync(workspaceId, cancellationToken)).Where(k => k.CreatedBy == item.AccountId);
                foreach (var key in working)
                {
                    if ((await keys.RevokeAsync(caller, workspaceId, key.Id, cancellationToken)).Refusal is { } keyRefusal)
                    {
                        return keyRefusal;
                    }
                }

                return null;
            default:
                var removedAt = DateTimeOffset.FromUnixTimeMilliseconds(campaign.SubjectEventAt ?? campaign.StartedAt);
                return (await facts.EndSessionsStartedBeforeAsync(caller, workspaceId, item.AccountId!, removedAt, cancellationToken)).Refusal;
        }
    }

    private async Task CompleteIfDoneAsync(Caller caller, long workspaceId, long campaignId, CancellationToken cancellationToken)
    {
        int total, revoked;
        await using (var db = contexts.Create())
        {
            if (await db.Items.AnyAsync(i => i.CampaignId == campaignId && i.Decision == null, cancellationToken))
            {
                return;
            }

            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            if (await db.Campaigns.Where(c => c.Id == campaignId && c.CompletedAt == null).ExecuteUpdateAsync(s => s.SetProperty(c => c.CompletedAt, now), cancellationToken) == 0)
            {
                return;
            }

            total = await db.Items.CountAsync(i => i.CampaignId == campaignId, cancellationToken);
            revoked = await db.Items.CountAsync(i => i.CampaignId == campaignId && i.Decision == Revoke, cancellationToken);
        }

        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.AccessReviewCompleted, AuditOutcome.Success, "access-review", CampaignStore.IdOf(campaignId), new Dictionary<string, string>
        {
            ["items"] = total.ToString(CultureInfo.InvariantCulture),
            ["revoked"] = revoked.ToString(CultureInfo.InvariantCulture),
        }), CancellationToken.None);
    }
}
