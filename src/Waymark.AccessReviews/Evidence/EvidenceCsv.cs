using System.Globalization;
using System.Text;
using Waymark.AccessReviews.Campaigns;
using Waymark.Api;

namespace Waymark.AccessReviews.Evidence;

/// <summary>
/// A campaign as evidence for an auditor: one CSV row per item, with the campaign's times, what was reviewed, what the
/// offboarding checks found, and who decided what and when. Cells are made safe for spreadsheets by <see cref="CsvCell"/>.
/// </summary>
internal static class EvidenceCsv
{
    public const string Header =
        "campaign_id,campaign_kind,started_at,due_at,completed_at,item_id,item_kind,account_id,email,role,key_id,key_prefix,key_name,key_scopes,facts_checked,decision,decided_by,decided_at,note";

    public static string FileNameOf(CampaignView campaign) =>
        $"access-review-{campaign.Id.ToString(CultureInfo.InvariantCulture)}-{campaign.Kind}-{campaign.StartedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";

    public static string Write(CampaignDetail detail)
    {
        var text = new StringBuilder(Header.Length + (detail.Items.Count * 200));
        text.Append(Header).Append("\r\n");
        var campaign = detail.Campaign;
        foreach (var item in detail.Items)
        {
            string?[] cells =
            [
                CampaignStore.IdOf(campaign.Id),
                campaign.Kind,
                Time(campaign.StartedAt),
                Time(campaign.DueAt),
                Time(campaign.CompletedAt),
                CampaignStore.IdOf(item.Id),
                item.Kind,
                item.AccountId,
                item.Email,
                item.Role,
                item.KeyId?.ToString(CultureInfo.InvariantCulture),
                item.KeyPrefix,
                item.KeyName,
                string.Join(' ', item.KeyScopes),
                item.Facts,
                item.Decision,
                item.DecidedBy,
                Time(item.DecidedAt),
                item.Note,
            ];
            text.AppendJoin(',', cells.Select(CsvCell.Of)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
