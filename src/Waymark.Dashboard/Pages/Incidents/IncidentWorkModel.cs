using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Incidents.Signals;

namespace Waymark.Dashboard.Pages.Incidents;

/// <summary>One incident: its timeline of signals, state changes, notifications and escalations, and the forms that acknowledge and resolve it.</summary>
public abstract class IncidentWorkModel : DashboardPageModel
{
    [FromRoute(Name = "id")]
    public long Id { get; set; }

    [BindProperty]
    [Display(Name = "Resolve note")]
    [StringLength(IncidentBook.MaxNoteLength, ErrorMessage = "A note is at most {1} characters.")]
    public string? Note { get; set; }

    /// <summary>The page listing this incident's chain.</summary>
    public abstract string ListPath { get; }

    internal IncidentDetail Detail { get; private set; } = null!;

    private IncidentBook Book => HttpContext.RequestServices.GetRequiredService<IncidentBook>();

    public async Task<IActionResult> OnGetAsync() => await ChainAsync() is { } chain && await LoadAsync(chain) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcknowledgeAsync()
    {
        if (await ChainAsync() is not { } chain)
        {
            return NotFound();
        }

        var outcome = await Book.AcknowledgeAsync(Caller, chain, Id, HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            return Done($"Incident #{Id} acknowledged: its escalation stops.", PageContext.ActionDescriptor.ViewEnginePath, RouteValues);
        }

        ShowRefusal(outcome.Refusal!);
        return await LoadAsync(chain) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostResolveAsync()
    {
        if (await ChainAsync() is not { } chain)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            var outcome = await Book.ResolveAsync(Caller, chain, Id, Note, HttpContext.RequestAborted);
            if (outcome.Succeeded)
            {
                return Done($"Incident #{Id} resolved.", PageContext.ActionDescriptor.ViewEnginePath, RouteValues);
            }

            ShowRefusal(outcome.Refusal!, outcome.Refusal!.Type == "invalid-note" ? nameof(Note) : "");
        }

        return await LoadAsync(chain) ? Page() : NotFound();
    }

    /// <summary>The audit chain the incident must belong to, or null when the caller may not see that chain (answered 404).</summary>
    protected abstract Task<long?> ChainAsync();

    /// <summary>The route values of this page, for the redirect after a change.</summary>
    protected abstract object RouteValues { get; }

    private async Task<bool> LoadAsync(long chain)
    {
        if (await Book.GetAsync(chain, Id, HttpContext.RequestAborted) is not { } detail)
        {
            return false;
        }

        Detail = detail;
        return true;
    }
}
