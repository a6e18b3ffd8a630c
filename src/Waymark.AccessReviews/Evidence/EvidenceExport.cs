using System.Globalization;
using Waymark.AccessReviews.Campaigns;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.AccessReviews.Evidence;

/// <summary>Exports a campaign's evidence; each export is audited, since the file names members and keys.</summary>
internal sealed class EvidenceExport(CampaignStore store, IAuditLog audit)
{
    public async Task<Outcome<EvidenceFile>> ExportAsync(Caller caller, long workspaceId, long campaignId, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(workspaceId, campaignId, cancellationToken) is not { } detail)
        {
            return Refusal.NotFound("Access review");
        }

        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.AccessReviewExported, AuditOutcome.Success, "access-review", CampaignStore.IdOf(campaignId), new Dictionary<string, string>
        {
            ["format"] = "csv",
            ["items"] = detail.Items.Count.ToString(CultureInfo.InvariantCulture),
        }), CancellationToken.None);
        return new EvidenceFile(EvidenceCsv.FileNameOf(detail.Campaign), EvidenceCsv.Write(detail));
    }
}

internal sealed record EvidenceFile(string FileName, string Csv);
