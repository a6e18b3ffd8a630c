using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Segments.Rules;
using Waymark.Segments.Schema;
using Waymark.Segments.Sql;
using Waymark.Segments.Storage;

namespace Waymark.Dashboard.Pages.Segments;

/// <summary>
/// The segment builder that the new-segment and edit-segment pages share. Every button is a form post carrying the
/// whole rule tree (<see cref="RuleRow"/>), so it works without JavaScript: Add and Remove change the rows, "Count
/// users" counts the unsaved rules, Save stores them. All of them need content:edit.
/// </summary>
public abstract partial class SegmentBuilderModel(IAuditLog auditLog) : WorkspacePageModel
{
    [BindProperty]
    [Display(Name = "Segment name")]
    public string? Name { get; set; }

    /// <summary>The rule tree in pre-order; row 0 is the top group.</summary>
    [BindProperty]
    public List<RuleRow> Rules { get; set; } = [RuleRow.New(RuleRow.Group, 0)];

    /// <summary>The rows as a tree for rendering; null only when the rows posted were not one.</summary>
    public RuleNode? Tree { get; private set; }

    public IReadOnlyList<KeyChoice> UserKeys { get; private set; } = [];

    public IReadOnlyList<KeyChoice> CompanyKeys { get; private set; } = [];

    /// <summary>The live count of the unsaved rules, after "Count users".</summary>
    public (long Count, long Total)? Preview { get; private set; }

    public bool CanEdit => User.Has(Permissions.ContentEdit);

    /// <summary>The form key of a row, where its refusals are shown: <c>Rules[2]</c>.</summary>
    public static string RowKey(int index) => FormattableString.Invariant($"Rules[{index}]");

    public async Task<IActionResult> OnPostAddAsync(int group)
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        if (RuleTree.Build(Rules) is null || group < 0 || group >= Rules.Count || !Rules[group].IsGroup)
        {
            return await BrokenFormAsync();
        }

        ModelState.Clear();
        var type = Rules[group].NewType;
        if (Rules.Count > RuleParser.MaxRules)
        {
            ModelState.AddModelError(RowKey(group), $"A segment has at most {RuleParser.MaxRules} rules and groups. Split it into simpler segments.");
        }
        else
        {
            RuleTree.Add(Rules, group, RuleTypes.IsKnown(type) ? type! : RuleTypes.UserTrait);
        }

        return await PageAsync();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int row)
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        if (RuleTree.Build(Rules) is null || row <= 0 || row >= Rules.Count)
        {
            return await BrokenFormAsync();
        }

        ModelState.Clear();
        RuleTree.Remove(Rules, row);
        return await PageAsync();
    }

    public async Task<IActionResult> OnPostPreviewAsync()
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        if (Draft() is { } draft)
        {
            var parsed = await Service<SegmentRules>().ParseAsync(WorkspaceId, draft.Conditions, HttpContext.RequestAborted);
            if (parsed.Value is { } rule)
            {
                Preview = await Service<SegmentCounter>().CountAsync(WorkspaceId, rule, HttpContext.RequestAborted);
            }
            else
            {
                ShowSegmentRefusal(parsed.Refusal!, draft);
            }
        }

        return await PageAsync();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (await RefuseAsync() is { } refused)
        {
            return refused;
        }

        if (Draft() is { } draft)
        {
            var outcome = await SaveAsync(Service<SegmentStore>(), draft.Conditions);
            if (outcome.Value is { } saved)
            {
                return Done($"The segment {saved.Name} was saved.", "/Segments/Index", new { ws = Ws });
            }

            ShowSegmentRefusal(outcome.Refusal!, draft);
        }

        return await PageAsync();
    }

    /// <summary>Stores the segment: creates it, or changes the one being edited.</summary>
    private protected abstract Task<Outcome<SegmentRow>> SaveAsync(SegmentStore store, JsonElement conditions);

    /// <summary>Loads what the page shows besides the form; false when the segment edited does not exist.</summary>
    private protected virtual Task<bool> LoadSegmentAsync() => Task.FromResult(true);

    /// <summary>The page with the keys the selects offer; the tree is rebuilt from the rows as they are now.</summary>
    private protected async Task<IActionResult> PageAsync()
    {
        if (!await LoadSegmentAsync())
        {
            return NotFound();
        }

        var keys = await Service<TraitKeyList>().ListAsync(WorkspaceId, HttpContext.RequestAborted);
        UserKeys = keys.Where(k => k.Scope == TraitScope.User).Select(KeyChoice.From).ToList();
        CompanyKeys = keys.Where(k => k.Scope == TraitScope.Company).Select(KeyChoice.From).ToList();
        Tree = RuleTree.Build(Rules);
        if (Tree is null)
        {
            Rules = [RuleRow.New(RuleRow.Group, 0)];
            Tree = RuleTree.Build(Rules);
        }

        return Page();
    }

    /// <summary>
    /// Null when the person may change segments. Otherwise a 403, audited as a refused request, since the page itself
    /// (workspace:view) let them in.
    /// </summary>
    private protected async Task<IActionResult?> RefuseAsync()
    {
        if (CanEdit)
        {
            return null;
        }

        await auditLog.RecordAsync(
            AuditEvents.FromRequest(HttpContext, AuditActions.AccessDenied, AuditOutcome.Denied, "endpoint", "POST " + Request.Path, new Dictionary<string, string> { ["permission"] = Permissions.ContentEdit }),
            HttpContext.RequestAborted);
        return StatusCode(StatusCodes.Status403Forbidden);
    }

    /// <summary>The rows as rule JSON, or null (with the reasons beside the rows) when the form itself can tell it is wrong.</summary>
    private ConditionsWriter? Draft()
    {
        if (Rules.Count > RuleParser.MaxRules + 1 || RuleTree.Build(Rules) is not { } tree)
        {
            ModelState.AddModelError("", "The rules arrived incomplete or out of order. Open the segment again and rebuild them; nothing was saved.");
            return null;
        }

        var draft = ConditionsWriter.Write(tree);
        foreach (var (row, message) in draft.Errors)
        {
            ModelState.AddModelError(RowKey(row), message);
        }

        return draft.Errors.Count == 0 ? draft : null;
    }

    private async Task<IActionResult> BrokenFormAsync()
    {
        ModelState.Clear();
        ModelState.AddModelError("", "The rules arrived incomplete or out of order. Open the segment again and rebuild them; nothing was saved.");
        return await PageAsync();
    }

    /// <summary>Shows a refusal beside the name, beside the row its JSON path names, or above the form.</summary>
    private void ShowSegmentRefusal(Refusal refusal, ConditionsWriter draft)
    {
        if (refusal.Type is "invalid-segment-name" or "segment-name-taken")
        {
            ShowRefusal(refusal, nameof(Name));
            return;
        }

        var row = JsonPath().Matches(refusal.Detail)
            .Select(m => draft.Paths.TryGetValue(m.Value, out var index) ? index : -1)
            .DefaultIfEmpty(-1)
            .Max();
        ShowRefusal(refusal, row > 0 ? RowKey(row) : "");
    }

    [GeneratedRegex(@"conditions(\.rules\[\d+\])*")]
    private static partial Regex JsonPath();
}
