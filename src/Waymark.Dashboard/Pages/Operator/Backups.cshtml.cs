using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Backups.Running;
using Waymark.Backups.Scheduling;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Operator;

/// <summary>
/// The installation's backups, for operators and the instance owner: whether they are set up, each location's last
/// backup and last check, the next scheduled run, recent runs with live progress, and "Back up now".
/// </summary>
[RequirePermission(Permissions.InstanceOperate)]
public sealed class BackupsModel : DashboardPageModel
{
    private const int Runs = 30;

    /// <summary>Seconds between reloads while a backup is queued or running; a header, as the CSP allows no inline script.</summary>
    private const int RefreshSeconds = 2;

    internal StatusView Status { get; private set; } = null!;

    internal SizeChart Chart { get; private set; } = SizeChart.Empty;

    public async Task OnGetAsync()
    {
        Status = await Service<BackupStatus>().ReadAsync(Runs, HttpContext.RequestAborted);
        Chart = SizeChart.From(Status.Runs);
        if (Status.AnyActive)
        {
            Response.Headers["Refresh"] = RefreshSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task<IActionResult> OnPostBackUpAsync()
    {
        var outcome = await Service<BackupQueue>().QueueAsync(BackupStates.Dashboard, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal);
            await OnGetAsync();
            return Page();
        }

        return Done($"Backup {outcome.Value} queued: a worker starts it within a minute, and this page follows its progress.", "/Operator/Backups");
    }
}
