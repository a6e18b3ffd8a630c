using System.Globalization;
using Waymark.AccessReviews.Schema;
using Waymark.Accounts.Members;
using Waymark.Accounts.Sso;
using Waymark.Workspaces.ApiKeys;

namespace Waymark.AccessReviews.Campaigns;

/// <summary>
/// The checks of an offboarding campaign, against the live state: the keys the former member created no longer work,
/// the sessions they had when they were removed have ended, and (with single sign-on) they are not a member again,
/// which is what signing in through the workspace's identity provider would make them.
/// </summary>
internal sealed class OffboardingChecks(KeyService keys, MemberDirectory members, MemberAccessFacts facts, SsoConnections sso)
{
    public async Task<CheckResult> RunAsync(long workspaceId, CampaignRow campaign, ItemRow item, CancellationToken cancellationToken)
    {
        var accountId = item.AccountId!;
        var removedAt = DateTimeOffset.FromUnixTimeMilliseconds(campaign.SubjectEventAt ?? campaign.StartedAt);
        switch (item.Kind)
        {
            case ItemKinds.OffboardingKeys:
                var created = (await keys.ListAsync(workspaceId, cancellationToken)).Where(k => k.CreatedBy == accountId).ToList();
                var working = WorkingKeysOf(created);
                return working.Count == 0
                    ? new(true, $"All {Count(created.Count)} key(s) they created are revoked or expired.")
                    : new(false, $"{Count(working.Count)} key(s) they created still work: " + string.Join(", ", working.Select(k => $"{k.Prefix}… ({k.Id.ToString(CultureInfo.InvariantCulture)})")) + ".");
            case ItemKinds.OffboardingSessions:
                var live = await facts.LiveSessionsStartedBeforeAsync(accountId, removedAt, cancellationToken);
                return live == 0
                    ? new(true, "No session they started before their removal is still live.")
                    : new(false, $"{Count(live)} session(s) they started before their removal are still live.");
            default:
                var (role, _, _) = await members.PermissionsOfAsync(accountId, workspaceId, cancellationToken);
                var connection = await sso.GetAsync(workspaceId, cancellationToken);
                var linked = connection is not null && await facts.IsLinkedToProviderAsync(accountId, connection.Issuer, cancellationToken);
                var link = linked ? "Their account is still linked to the workspace's identity provider: disable them there too." : "Their account is not linked to the workspace's identity provider.";
                return role is null
                    ? new(true, "They are not a member: single sign-on has not let them back in. " + link)
                    : new(false, $"They are a member again (role {role}): single sign-on let them back in. " + link);
        }
    }

    /// <summary>Keys that still authenticate: not revoked, not expired (a retiring write key works until its expiry).</summary>
    public static List<KeyView> WorkingKeysOf(IEnumerable<KeyView> keys) => keys.Where(k => k.State is "active" or "retiring").ToList();

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
