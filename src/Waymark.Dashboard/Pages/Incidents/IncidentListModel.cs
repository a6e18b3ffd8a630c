using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Incidents.Signals;

namespace Waymark.Dashboard.Pages.Incidents;

/// <summary>
/// A list of one chain's incidents, newest first, filtered by state and severity, under a chart of those opened in the
/// last 30 days by severity: a workspace's (for its members) or the installation's (for whoever runs it).
/// </summary>
public abstract class IncidentListModel : DashboardPageModel
{
    public const int ChartDays = 30;

    private const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "severity")]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true, Name = "cursor")]
    public string? Cursor { get; set; }

    /// <summary>Where this list lives; an incident's page is this path followed by its id.</summary>
    public abstract string BasePath { get; }

    public static IReadOnlyList<string> States => IncidentStates.All;

    public static IReadOnlyList<string> Severities => Waymark.Incidents.Signals.Severity.All;

    internal IncidentPage? Incidents { get; private set; }

    internal SeverityChart Chart { get; private set; } = SeverityChart.Empty;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await ChainAsync() is not { } chain)
        {
            return NotFound();
        }

        var book = HttpContext.RequestServices.GetRequiredService<IncidentBook>();
        var outcome = await book.ListAsync(chain, string.IsNullOrEmpty(State) ? null : State, string.IsNullOrEmpty(Severity) ? null : Severity, Cursor, PageSize, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, refusal.Type switch { "invalid-state" => "state", "invalid-severity" => "severity", _ => "" });
        }

        Incidents = outcome.Value;
        Chart = SeverityChart.From(await book.OpenedPerDayAsync(chain, ChartDays, HttpContext.RequestAborted));
        return Page();
    }

    /// <summary>The audit chain whose incidents are shown, or null when the caller may not see them (answered 404).</summary>
    protected abstract Task<long?> ChainAsync();
}
