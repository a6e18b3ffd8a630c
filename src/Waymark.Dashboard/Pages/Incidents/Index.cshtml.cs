using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Incidents.Signals;

namespace Waymark.Dashboard.Pages.Incidents;

/// <summary>The workspace's incidents, newest first, filtered by state and severity, under a chart of those opened in the last 30 days by severity.</summary>
[RequirePermission(Permissions.SecurityManage)]
public sealed class IndexModel : WorkspacePageModel
{
    public const int ChartDays = 30;

    private const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "severity")]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true, Name = "cursor")]
    public string? Cursor { get; set; }

    internal IncidentPage? Incidents { get; private set; }

    internal SeverityChart Chart { get; private set; } = SeverityChart.Empty;

    public static IReadOnlyList<string> States => IncidentStates.All;

    public static IReadOnlyList<string> Severities => Waymark.Incidents.Signals.Severity.All;

    private IncidentBook Book => HttpContext.RequestServices.GetRequiredService<IncidentBook>();

    public async Task OnGetAsync()
    {
        var state = string.IsNullOrEmpty(State) ? null : State;
        var severity = string.IsNullOrEmpty(Severity) ? null : Severity;
        var outcome = await Book.ListAsync(WorkspaceId, state, severity, Cursor, PageSize, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, refusal.Type switch { "invalid-state" => "state", "invalid-severity" => "severity", _ => "" });
        }

        Incidents = outcome.Value;
        Chart = SeverityChart.From(await Book.OpenedPerDayAsync(WorkspaceId, ChartDays, HttpContext.RequestAborted));
    }
}
