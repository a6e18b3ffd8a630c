using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Incidents.Signals;

namespace Waymark.Dashboard.Pages.Incidents;

/// <summary>One incident: its timeline of signals, state changes, notifications and escalations, and the forms that acknowledge and resolve it.</summary>
[RequirePermission(Permissions.SecurityManage)]
public sealed class IncidentModel : WorkspacePageModel
{
    [FromRoute(Name = "id")]
    public long Id { get; set; }

    [BindProperty]
    [Display(Name = "Resolve note")]
    [StringLength(IncidentBook.MaxNoteLength, ErrorMessage = "A note is at most {1} characters.")]
    public string? Note { get; set; }

    internal IncidentDetail Detail { get; private set; } = null!;

    private IncidentBook Book => HttpContext.RequestServices.GetRequiredService<IncidentBook>();

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : NotFound();

    public async Task<IActionResult> OnPostAcknowledgeAsync()
    {
        var outcome = await Book.AcknowledgeAsync(Caller, WorkspaceId, Id, HttpContext.RequestAborted);
        if (outcome.Succeeded)
        {
            return Done($"Incident #{Id} acknowledged: its escalation stops.", "/Incidents/Incident", new { ws = Ws, id = Id });
        }

        ShowRefusal(outcome.Refusal!);
        return await LoadAsync() ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostResolveAsync()
    {
        if (ModelState.IsValid)
        {
            var outcome = await Book.ResolveAsync(Caller, WorkspaceId, Id, Note, HttpContext.RequestAborted);
            if (outcome.Succeeded)
            {
                return Done($"Incident #{Id} resolved.", "/Incidents/Incident", new { ws = Ws, id = Id });
            }

            ShowRefusal(outcome.Refusal!, outcome.Refusal!.Type == "invalid-note" ? nameof(Note) : "");
        }

        return await LoadAsync() ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync()
    {
        if (await Book.GetAsync(WorkspaceId, Id, HttpContext.RequestAborted) is not { } detail)
        {
            return false;
        }

        Detail = detail;
        return true;
    }
}
