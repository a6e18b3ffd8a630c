using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.AccessReviews.Campaigns;
using Waymark.AccessReviews.Scheduling;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.AccessReviews;

/// <summary>
/// The workspace's access reviews with their progress, the periodic schedule, and a way to start a review now; the
/// same records as <c>/v1/access-reviews</c>. Needs security:manage.
/// </summary>
[RequirePermission(Permissions.SecurityManage)]
public sealed class IndexModel : WorkspacePageModel
{
    [BindProperty]
    [Display(Name = "Every (months)")]
    public int? EveryMonths { get; set; }

    [BindProperty]
    [Display(Name = "Days to finish")]
    public int? DueDays { get; set; }

    internal IReadOnlyList<CampaignView> Campaigns { get; private set; } = [];

    internal ScheduleView? Schedule { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        EveryMonths = Schedule!.EveryMonths;
        DueDays = Schedule.DueDays;
    }

    public async Task<IActionResult> OnPostStartAsync()
    {
        var outcome = await Service<CampaignStore>().StartAsync(Caller, WorkspaceId, CampaignKinds.Manual, cancellationToken: HttpContext.RequestAborted);
        if (outcome.Value is { } campaign)
        {
            return Done($"Review {campaign.Id} started with {campaign.Total} item(s).", "/AccessReviews/Review", new { ws = Ws, id = campaign.Id });
        }

        ShowRefusal(outcome.Refusal!);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostScheduleAsync()
    {
        var creation = await Service<WorkspaceCreation>().OfAsync(WorkspaceId, HttpContext.RequestAborted);
        var outcome = await Service<ReviewSchedules>().SetAsync(Caller, WorkspaceId, creation, EveryMonths, DueDays, HttpContext.RequestAborted);
        if (outcome.Value is { } schedule)
        {
            return Done($"Schedule saved: the next periodic review starts on {DisplayFormat.Time(schedule.NextDueAt)}.", "/AccessReviews/Index", new { ws = Ws });
        }

        var refusal = outcome.Refusal!;
        ShowRefusal(refusal, refusal.Title == "Invalid period" ? nameof(EveryMonths) : nameof(DueDays));
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Campaigns = (await Service<CampaignStore>().ListAsync(WorkspaceId, null, HttpContext.RequestAborted)).Value!;
        var creation = await Service<WorkspaceCreation>().OfAsync(WorkspaceId, HttpContext.RequestAborted);
        Schedule = await Service<ReviewSchedules>().GetAsync(WorkspaceId, creation, HttpContext.RequestAborted);
    }
}
