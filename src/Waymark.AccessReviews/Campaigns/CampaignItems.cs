using Waymark.AccessReviews.Schema;
using Waymark.Accounts.Members;
using Waymark.Accounts.Sso;
using Waymark.Workspaces.ApiKeys;

namespace Waymark.AccessReviews.Campaigns;

/// <summary>What a new campaign reviews, described as it is at the start.</summary>
internal sealed class CampaignItems(MemberDirectory members, KeyService keys, MemberAccessFacts facts, SsoConnections sso)
{
    public async Task<List<ItemRow>> CollectAsync(long workspaceId, string kind, string? subjectAccountId, string? subjectRole, CancellationToken cancellationToken)
    {
        var memberViews = await members.MembersAsync(workspaceId, cancellationToken);
        var keyViews = OffboardingChecks.WorkingKeysOf(await keys.ListAsync(workspaceId, cancellationToken));
        switch (kind)
        {
            case CampaignKinds.Onboarding:
                return
                [
                    .. memberViews.Where(m => m.AccountId == subjectAccountId).Select(MemberItem),
                    .. keyViews.Where(k => k.CreatedBy == subjectAccountId).Select(KeyItem),
                ];
            case CampaignKinds.Offboarding:
                var email = await facts.EmailOfAsync(subjectAccountId!, cancellationToken);
                List<string> checks = [ItemKinds.OffboardingKeys, ItemKinds.OffboardingSessions];
                if (await sso.GetAsync(workspaceId, cancellationToken) is not null)
                {
                    checks.Add(ItemKinds.OffboardingSso);
                }

                return checks.Select(c => new ItemRow { Kind = c, AccountId = subjectAccountId, Email = email, Role = subjectRole }).ToList();
            default:
                return [.. memberViews.Select(MemberItem), .. keyViews.Select(KeyItem)];
        }
    }

    /// <summary>A key to review, if it still works.</summary>
    public async Task<ItemRow?> WorkingKeyAsync(long workspaceId, long keyId, CancellationToken cancellationToken) =>
        OffboardingChecks.WorkingKeysOf(await keys.ListAsync(workspaceId, cancellationToken)).Where(k => k.Id == keyId).Select(KeyItem).FirstOrDefault();

    private static ItemRow MemberItem(MemberView member) =>
        new() { Kind = ItemKinds.Member, AccountId = member.AccountId, Email = member.Email, Role = member.RoleKey };

    private static ItemRow KeyItem(KeyView key) => new()
    {
        Kind = ItemKinds.Key,
        KeyId = key.Id,
        KeyPrefix = key.Prefix,
        KeyName = key.Name,
        KeyScopes = string.Join(' ', key.Scopes),
        AccountId = key.CreatedBy,
    };
}
