using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Experiences.Authoring;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Surveys;

namespace Waymark.Dashboard.Pages.Experiences;

/// <summary>
/// A flow's, checklist's or survey's versions: where each is live, publishing and unpublishing per environment, promoting what
/// staging tested to production, and a read-only view of any version.
/// </summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class VersionsModel : ExperiencePageModel
{
    private const string Route = "/w/{ws}/experiences/{id}/versions";

    [FromRoute]
    public string Id { get; set; } = "";

    internal ContentSummary Item { get; private set; } = null!;

    internal ContentKind Kind { get; private set; }

    /// <summary>The version opened with <c>?version=N</c>, read-only.</summary>
    internal ContentDetail? Viewed { get; private set; }

    internal FlowDefinition? ViewedFlow { get; private set; }

    internal ChecklistDefinition? ViewedChecklist { get; private set; }

    internal SurveyDefinition? ViewedSurvey { get; private set; }

    /// <summary>The version a publish button makes live: the draft, else the latest.</summary>
    public int PublishableVersion => Item.DraftVersion ?? Item.LatestVersion;

    public string EditorPath => $"/w/{Ws}/experiences/{Kind.Path()}/edit/{Id}";

    public async Task<IActionResult> OnGetAsync(int? version)
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (version is { } wanted)
        {
            Viewed = await Store.GetAsync(WorkspaceId, Id, wanted, HttpContext.RequestAborted);
            if (Viewed is null)
            {
                return NotFound();
            }

            switch (Kind)
            {
                case ContentKind.Flow:
                    ViewedFlow = Viewed.Definition.Deserialize<FlowDefinition>(DefinitionReader.Json);
                    break;
                case ContentKind.Checklist:
                    ViewedChecklist = Viewed.Definition.Deserialize<ChecklistDefinition>(DefinitionReader.Json);
                    break;
                default:
                    ViewedSurvey = Viewed.Definition.Deserialize<SurveyDefinition>(DefinitionReader.Json);
                    break;
            }
        }

        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(string environment) =>
        ChangeAsync("publish", environment, (store, ws) => store.PublishAsync(Caller, ws, Id, environment, null, HttpContext.RequestAborted), v => $"Version {v} is live in {environment}.");

    public Task<IActionResult> OnPostUnpublishAsync(string environment) =>
        ChangeAsync("unpublish", environment, (store, ws) => store.UnpublishAsync(Caller, ws, Id, environment, HttpContext.RequestAborted), _ => $"No longer live in {environment}.");

    /// <summary>Makes the version staging has live in production too: what was tested is what ships.</summary>
    public Task<IActionResult> OnPostPromoteAsync(int version) =>
        ChangeAsync("promote", Environments.Production, (store, ws) => store.PublishAsync(Caller, ws, Id, Environments.Production, version, HttpContext.RequestAborted), v => $"Version {v} is live in production.");

    private async Task<IActionResult> ChangeAsync(string handler, string environment, Func<ContentStore, long, Task<Outcome<ContentSummary>>> change, Func<int?, string> notice)
    {
        if (!CanEdit)
        {
            return await RefuseAsync($"{Route}?handler={handler}");
        }

        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (!Environments.IsKnown(environment))
        {
            ModelState.AddModelError("", "Choose staging or production.");
            return Page();
        }

        var outcome = await change(Store, WorkspaceId);
        if (outcome.Value is { } changed)
        {
            var live = environment == Environments.Production ? changed.ProductionVersion : changed.StagingVersion;
            return Done($"{notice(live)} {ContentNotices.Where(changed)}", "/Experiences/Versions", new { ws = Ws, id = Id });
        }

        ShowRefusal(outcome.Refusal!);
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        if (ContentKinds.OfId(Id) is not { } kind || await Store.GetAsync(WorkspaceId, Id, null, HttpContext.RequestAborted) is not { } detail || detail.Content.Status == "archived")
        {
            return false;
        }

        Kind = kind;
        Item = detail.Content;
        return true;
    }
}
