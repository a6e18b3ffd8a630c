using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Ingest.Retention;
using Waymark.Workspaces.DataClasses;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Dashboard.Pages.Settings;

[RequirePermission(Permissions.SettingsManage)]
public sealed class IndexModel(WorkspaceService workspaces, DataClassStore dataClasses) : WorkspacePageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Name the workspace.")]
    [StringLength(200, ErrorMessage = "A workspace name is at most 200 characters.")]
    [Display(Name = "Workspace name")]
    public string? Name { get; set; }

    [BindProperty]
    [Display(Name = "Trait or property key")]
    public string? Key { get; set; }

    [BindProperty]
    [Display(Name = "Class")]
    public DataClass Class { get; set; } = DataClass.Public;

    /// <summary>The keys classified on purpose; every other key is personal, or PHI in HIPAA mode.</summary>
    public IReadOnlyList<KeyValuePair<string, DataClass>> Classes { get; private set; } = [];

    /// <summary>Whether keys not classified explicitly are PHI rather than personal.</summary>
    public bool HipaaMode { get; private set; }

    /// <summary>Days to keep events, as typed; empty keeps them forever.</summary>
    [BindProperty]
    [Display(Name = "Days to keep events")]
    public string? RetentionDays { get; set; }

    /// <summary>The stored retention in days; null when events are kept forever.</summary>
    public int? KeptDays { get; private set; }

    /// <summary>When the last daily purge began, if one has.</summary>
    public DateTimeOffset? LastPurgeAt { get; private set; }

    /// <summary>
    /// Resolved per request rather than injected: the service is internal to Waymark.Ingest, and a public page model
    /// cannot take it as a constructor parameter.
    /// </summary>
    private RetentionSettings Retention => HttpContext.RequestServices.GetRequiredService<RetentionSettings>();

    public async Task OnGetAsync()
    {
        await LoadAsync(loadName: true);
        RetentionDays = KeptDays?.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostRenameAsync()
    {
        ModelState.Remove(nameof(Key));
        if (ModelState.IsValid)
        {
            var outcome = await workspaces.RenameAsync(Caller, WorkspaceId, Name, HttpContext.RequestAborted);
            if (outcome.Refusal is not { } refusal)
            {
                return Done($"The workspace is now called {outcome.Value}.", "/Settings/Index", new { ws = Ws });
            }

            ShowRefusal(refusal, nameof(Name));
        }

        await LoadAsync(loadName: false);
        return Page();
    }

    public async Task<IActionResult> OnPostClassifyAsync()
    {
        ModelState.Remove(nameof(Name));
        var key = Key?.Trim() ?? "";
        if (!DataClassStore.IsValidKey(key))
        {
            ModelState.AddModelError(nameof(Key), "Enter a key of 1 to 200 characters, such as plan or company_size.");
        }

        if (!Enum.IsDefined(Class))
        {
            ModelState.AddModelError(nameof(Class), "Choose public, personal or PHI.");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(loadName: true);
            return Page();
        }

        await dataClasses.SetAsync(Caller, WorkspaceId, new Dictionary<string, DataClass> { [key] = Class }, HttpContext.RequestAborted);
        return Done($"{key} is now {ClassName(Class)}; data received from now on is stored accordingly.", "/Settings/Index", new { ws = Ws });
    }

    public async Task<IActionResult> OnPostHipaaAsync(bool on)
    {
        await dataClasses.SetHipaaModeAsync(Caller, WorkspaceId, on, HttpContext.RequestAborted);
        var notice = on
            ? "HIPAA mode is on: every key not classified explicitly is stored as PHI from now on."
            : "HIPAA mode is off: keys not classified explicitly are stored as personal from now on.";
        return Done(notice, "/Settings/Index", new { ws = Ws });
    }

    public async Task<IActionResult> OnPostRetentionAsync()
    {
        ModelState.Remove(nameof(Name));
        ModelState.Remove(nameof(Key));
        var text = RetentionDays?.Trim() ?? "";
        int? days = null;
        if (text.Length > 0)
        {
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && RetentionSettings.IsValidDays(number))
            {
                days = number;
            }
            else
            {
                ModelState.AddModelError(nameof(RetentionDays), $"Enter a whole number of days from {RetentionSettings.MinDays} to {RetentionSettings.MaxDays}, or leave it empty to keep events forever.");
            }
        }

        if (ModelState.IsValid)
        {
            var outcome = await Retention.SetAsync(Caller, WorkspaceId, days, HttpContext.RequestAborted);
            if (outcome.Refusal is not { } refusal)
            {
                var notice = days is { } kept
                    ? $"Events older than {kept} days are now deleted once a day."
                    : "Events are now kept forever.";
                return Done(notice, "/Settings/Index", new { ws = Ws });
            }

            ShowRefusal(refusal, nameof(RetentionDays));
        }

        await LoadAsync(loadName: true);
        return Page();
    }

    public static string ClassName(DataClass dataClass) => dataClass switch
    {
        DataClass.Public => "public",
        DataClass.Phi => "phi",
        _ => "personal",
    };

    private async Task LoadAsync(bool loadName)
    {
        if (loadName)
        {
            var names = await workspaces.NamesAsync([WorkspaceId], HttpContext.RequestAborted);
            Name = names.TryGetValue(WorkspaceId, out var entry) ? entry.Name : "";
        }

        var map = await dataClasses.GetAsync(WorkspaceId, HttpContext.RequestAborted);
        Classes = map.Explicit.OrderBy(x => x.Key, StringComparer.Ordinal).ToList();
        HipaaMode = map.HipaaMode;
        var retention = await Retention.GetAsync(WorkspaceId, HttpContext.RequestAborted);
        KeptDays = retention.Days;
        LastPurgeAt = retention.LastPurgeAt;
    }
}
