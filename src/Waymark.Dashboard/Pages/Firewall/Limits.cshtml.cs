using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Firewall.RateLimits;

namespace Waymark.Dashboard.Pages.Firewall;

/// <summary>
/// The workspace's request limits per minute, each empty for the instance default. Everyone in the workspace sees them
/// (they explain a 429); changing them needs settings:manage.
/// </summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class LimitsModel(IAuditLog auditLog) : WorkspacePageModel
{
    [BindProperty]
    [Display(Name = "Requests per minute per write key")]
    public string? WriteKeyPerMinute { get; set; }

    [BindProperty]
    [Display(Name = "Requests per minute per server key")]
    public string? ServerKeyPerMinute { get; set; }

    [BindProperty]
    [Display(Name = "Requests per minute for the whole workspace")]
    public string? WorkspacePerMinute { get; set; }

    public bool CanManage => User.Has(Permissions.SettingsManage);

    public int DefaultWriteKeyPerMinute => Settings.Defaults.WriteKeyPerMinute;

    public int DefaultServerKeyPerMinute => Settings.Defaults.ServerKeyPerMinute;

    public int DefaultWorkspacePerMinute => Settings.Defaults.WorkspacePerMinute;

    public int AddressPerMinute => Settings.Defaults.AddressPerMinute;

    /// <summary>The limit that applies now, for the status line: the workspace's own or the default.</summary>
    public string WriteKeyApplied { get; private set; } = "";

    public string ServerKeyApplied { get; private set; } = "";

    public string WorkspaceApplied { get; private set; } = "";

    /// <summary>
    /// Resolved per request rather than injected: the service is internal to Waymark.Firewall, and a public page model
    /// cannot take it as a constructor parameter.
    /// </summary>
    private RateLimitSettings Settings => HttpContext.RequestServices.GetRequiredService<RateLimitSettings>();

    public async Task OnGetAsync()
    {
        var limits = await LoadAsync();
        WriteKeyPerMinute = Text(limits.WriteKeyPerMinute);
        ServerKeyPerMinute = Text(limits.ServerKeyPerMinute);
        WorkspacePerMinute = Text(limits.WorkspacePerMinute);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanManage)
        {
            await auditLog.RecordAsync(
                AuditEvents.FromRequest(HttpContext, AuditActions.AccessDenied, AuditOutcome.Denied, "endpoint", "POST /w/{ws}/firewall/limits", new Dictionary<string, string> { ["permission"] = Permissions.SettingsManage }),
                HttpContext.RequestAborted);
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var writeKey = Parse(WriteKeyPerMinute, nameof(WriteKeyPerMinute));
        var serverKey = Parse(ServerKeyPerMinute, nameof(ServerKeyPerMinute));
        var workspace = Parse(WorkspacePerMinute, nameof(WorkspacePerMinute));
        if (ModelState.IsValid)
        {
            var outcome = await Settings.SetAsync(Caller, WorkspaceId, new WorkspaceRateLimits(writeKey, serverKey, workspace), HttpContext.RequestAborted);
            if (outcome.Refusal is not { } refusal)
            {
                return Done("Rate limits saved. They apply on this server at once and on the others within 10 seconds.", "/Firewall/Limits", new { ws = Ws });
            }

            ShowRefusal(refusal);
        }

        await LoadAsync();
        return Page();
    }

    private async Task<WorkspaceRateLimits> LoadAsync()
    {
        var limits = await Settings.GetAsync(WorkspaceId, HttpContext.RequestAborted);
        WriteKeyApplied = Applied(limits.WriteKeyPerMinute, DefaultWriteKeyPerMinute);
        ServerKeyApplied = Applied(limits.ServerKeyPerMinute, DefaultServerKeyPerMinute);
        WorkspaceApplied = Applied(limits.WorkspacePerMinute, DefaultWorkspacePerMinute);
        return limits;
    }

    /// <summary>A limit as typed: empty is the default, anything else a whole number in range or an error beside the field.</summary>
    private int? Parse(string? typed, string field)
    {
        var text = typed?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && RateLimitSettings.IsValidLimit(number))
        {
            return number;
        }

        ModelState.AddModelError(field, $"Enter a whole number of requests per minute from {RateLimitSettings.MinPerMinute} to {RateLimitSettings.MaxPerMinute}, or leave it empty for the default.");
        return null;
    }

    private static string? Text(int? perMinute) => perMinute?.ToString(CultureInfo.InvariantCulture);

    private static string Applied(int? own, int fallback) =>
        own is { } value ? value.ToString(CultureInfo.InvariantCulture) + " a minute (this workspace's own)" : fallback.ToString(CultureInfo.InvariantCulture) + " a minute (default)";
}
