using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Waymark.AccessReviews.Campaigns;
using Waymark.AccessReviews.Evidence;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.AccessReviews;

/// <summary>
/// One review: each item with its decision or a form to confirm or revoke it (with a note), the live result of each
/// offboarding check, and the evidence download. Needs security:manage; revoking also needs the permission the owning
/// service asks for (members:manage to remove a member, keys:manage to revoke a key).
/// </summary>
[RequirePermission(Permissions.SecurityManage)]
public sealed class ReviewModel : WorkspacePageModel
{
    [FromRoute(Name = "id")]
    public long Id { get; set; }

    [BindProperty]
    [Display(Name = "Note")]
    public string? Note { get; set; }

    internal CampaignDetail? Detail { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Detail = await Service<CampaignStore>().GetAsync(WorkspaceId, Id, HttpContext.RequestAborted);
        return Detail is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnGetEvidenceAsync()
    {
        var outcome = await Service<EvidenceExport>().ExportAsync(Caller, WorkspaceId, Id, HttpContext.RequestAborted);
        return outcome.Value is { } file ? File(Encoding.UTF8.GetBytes(file.Csv), "text/csv; charset=utf-8", file.FileName) : NotFound();
    }

    public async Task<IActionResult> OnPostDecideAsync(long itemId, string? decision)
    {
        var outcome = await Service<ReviewDecisions>().DecideAsync(Caller, WorkspaceId, Id, itemId, decision, Note, HttpContext.RequestAborted);
        if (outcome.Value is { } item)
        {
            return Done($"Item {item.Id}: {(item.Decision == ReviewDecisions.Revoke ? "access revoked" : "access confirmed")}.", "/AccessReviews/Review", new { ws = Ws, id = Id });
        }

        ShowRefusal(outcome.Refusal!, NoteField(itemId));
        Detail = await Service<CampaignStore>().GetAsync(WorkspaceId, Id, HttpContext.RequestAborted);
        return Detail is null ? NotFound() : Page();
    }

    /// <summary>Each item's form has its own note field, so that a refusal shows beside the item it concerns.</summary>
    public static string NoteField(long itemId) => "note-" + itemId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
