using Microsoft.AspNetCore.Mvc.Rendering;
using Waymark.Segments.Catalog;
using Microsoft.AspNetCore.Mvc;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// Creates and edits a flow, checklist or survey. Adding, removing and moving parts are posts that answer the same form with
/// the entered values kept, so the editor needs no JavaScript; only Save stores anything, through the content store,
/// whose refusal is shown above the form.
/// </summary>
public abstract class ContentEditorModel<TForm> : ExperiencePageModel
    where TForm : class, IContentForm<TForm>
{
    [FromRoute]
    public string? Id { get; set; }

    [BindProperty]
    public TForm Form { get; set; } = TForm.New();

    /// <summary>Where the item's versions are; null for one not saved yet.</summary>
    internal ContentSummary? Item { get; private set; }

    /// <summary>The version the form shows: the draft, else the latest.</summary>
    public int? Version { get; private set; }

    internal IReadOnlyList<ContentSummary> Flows { get; private set; } = [];

    private protected abstract ContentKind Kind { get; }

    private protected abstract string EditorPage { get; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Id is not null)
        {
            var detail = await FindAsync();
            if (detail is null)
            {
                return NotFound();
            }

            Form = TForm.From(detail.Definition);
        }

        await LoadChoicesAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? command)
    {
        if (!CanEdit)
        {
            return await RefuseAsync($"/w/{{ws}}/experiences/{Kind.Path()}/edit/{{id?}}");
        }

        if (Id is not null && await FindAsync() is null)
        {
            return NotFound();
        }

        if (command == "save")
        {
            return await SaveAsync();
        }

        // Positions shift, so values ModelState kept by position would land in the wrong fields.
        ModelState.Clear();
        Form.Apply(command ?? "");
        await LoadChoicesAsync();
        return Page();
    }

    private async Task<IActionResult> SaveAsync()
    {
        if (ModelState.IsValid)
        {
            var json = Form.ToJson();
            var outcome = json.Refusal is { } unreadable
                ? unreadable
                : Id is null
                    ? await Store.CreateAsync(Caller, WorkspaceId, Kind, json.Value, HttpContext.RequestAborted)
                    : await Store.UpdateAsync(Caller, WorkspaceId, Id, json.Value, HttpContext.RequestAborted);
            if (outcome.Value is { } saved)
            {
                return Done($"Saved “{saved.Content.Name}”. {ContentNotices.Where(saved.Content)}", EditorPage, new { ws = Ws, id = saved.Content.Id });
            }

            ShowRefusal(outcome.Refusal!, ((IContentForm<TForm>)Form).FieldOf(outcome.Refusal!));
        }

        await LoadChoicesAsync();
        return Page();
    }

    private async Task<ContentDetail?> FindAsync()
    {
        var detail = ContentKinds.OfId(Id!) == Kind ? await Store.GetAsync(WorkspaceId, Id!, null, HttpContext.RequestAborted) : null;
        Item = detail?.Content;
        Version = detail?.Version;
        return detail;
    }

    private async Task LoadChoicesAsync()
    {
        Flows = await FlowChoicesAsync(Id);
        var segments = await Service<SegmentCatalog>().GetAsync(WorkspaceId, HttpContext.RequestAborted);
        ViewData[TargetingForm.SegmentChoices] = segments.Values
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .Select(s => new SelectListItem(s.Rule is null ? $"{s.Name} (no longer valid: matches nobody)" : s.Name, s.Id))
            .ToList();
    }
}
