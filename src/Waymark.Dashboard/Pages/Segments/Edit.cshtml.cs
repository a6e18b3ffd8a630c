using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Segments.Schema;
using Waymark.Segments.Storage;

namespace Waymark.Dashboard.Pages.Segments;

/// <summary>One segment: everyone in the workspace may read its rules; changing or deleting it needs content:edit.</summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class EditModel(IAuditLog auditLog) : SegmentBuilderModel(auditLog)
{
    [FromRoute(Name = "id")]
    public string Id { get; set; } = "";

    /// <summary>The segment as stored, for the heading and the delete form.</summary>
    internal SegmentRow Segment { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadSegmentAsync())
        {
            return NotFound();
        }

        Name = Segment.Name;
        using (var definition = JsonDocument.Parse(Segment.Definition))
        {
            Rules = ConditionsReader.Read(definition.RootElement);
        }

        return await PageAsync();
    }

    public async Task<IActionResult> OnPostDeleteAsync(bool confirm)
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        if (!confirm)
        {
            var page = await OnGetAsync();
            ModelState.AddModelError(nameof(confirm), "Tick “Yes, delete this segment” to confirm. Nothing was deleted.");
            return page;
        }

        if (!await LoadSegmentAsync() || !await Service<SegmentStore>().DeleteAsync(Caller, WorkspaceId, Id, HttpContext.RequestAborted))
        {
            return NotFound();
        }

        return Done($"The segment {Segment.Name} was deleted.", "/Segments/Index", new { ws = Ws });
    }

    private protected override async Task<bool> LoadSegmentAsync()
    {
        if (await Service<SegmentStore>().GetAsync(WorkspaceId, Id, HttpContext.RequestAborted) is not { } segment)
        {
            return false;
        }

        Segment = segment;
        return true;
    }

    private protected override Task<Outcome<SegmentRow>> SaveAsync(SegmentStore store, JsonElement conditions) =>
        store.UpdateAsync(Caller, WorkspaceId, Id, Name, conditions, HttpContext.RequestAborted);
}
