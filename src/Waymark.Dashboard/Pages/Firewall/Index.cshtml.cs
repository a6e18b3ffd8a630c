using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Firewall.AllowLists;

namespace Waymark.Dashboard.Pages.Firewall;

/// <summary>
/// The workspace's firewall: the address ranges allowed to reach its dashboard and to use its server keys. Everyone
/// in the workspace sees the lists (they explain a refusal); changing them needs settings:manage.
/// </summary>
[RequirePermission(Permissions.WorkspaceView)]
public sealed class IndexModel(IAuditLog auditLog) : WorkspacePageModel
{
    [BindProperty]
    [Display(Name = "Address range")]
    public string? Cidr { get; set; }

    [BindProperty]
    [Display(Name = "Label")]
    public string? Label { get; set; }

    [BindProperty]
    [Display(Name = "Applies to")]
    public string Surface { get; set; } = AllowListSurface.Dashboard;

    public bool CanManage => User.Has(Permissions.SettingsManage);

    /// <summary>The address this request came from, as the firewall sees it.</summary>
    public string YourAddress => SourceAddress.Of(HttpContext)?.ToString() ?? "unknown";

    internal IReadOnlyList<AllowRule> DashboardRules { get; private set; } = [];

    internal IReadOnlyList<AllowRule> ApiRules { get; private set; } = [];

    /// <summary>
    /// Resolved per request rather than injected: the store is internal to Waymark.Firewall, and a public page model
    /// cannot take it as a constructor parameter.
    /// </summary>
    private AllowListStore Store => HttpContext.RequestServices.GetRequiredService<AllowListStore>();

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (!CanManage)
        {
            return await RefuseAsync("add");
        }

        var outcome = await Store.AddAsync(Caller, WorkspaceId, Surface, Cidr, Label, HttpContext.RequestAborted);
        if (outcome.Value is { } rule)
        {
            return Done($"{rule.Cidr} is now on the {AllowListSurface.Describe(rule.Surface)}.", "/Firewall/Index", new { ws = Ws });
        }

        var refusal = outcome.Refusal!;
        ShowRefusal(refusal, refusal.Type == "invalid-label" ? nameof(Label) : refusal.Type == "unknown-surface" ? nameof(Surface) : nameof(Cidr));
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string surface, long id)
    {
        if (!CanManage)
        {
            return await RefuseAsync("remove");
        }

        var outcome = await Store.RemoveAsync(Caller, WorkspaceId, surface, id, HttpContext.RequestAborted);
        if (outcome.Value is { } rule)
        {
            return Done($"{rule.Cidr} is no longer on the {AllowListSurface.Describe(rule.Surface)}.", "/Firewall/Index", new { ws = Ws });
        }

        ShowRefusal(outcome.Refusal!);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var lists = await Store.GetAsync(WorkspaceId, HttpContext.RequestAborted);
        DashboardRules = lists.Dashboard;
        ApiRules = lists.Api;
    }

    /// <summary>Refuses a change to someone who may see the page but not change it, audited as a refused page is.</summary>
    private async Task<IActionResult> RefuseAsync(string handler)
    {
        await auditLog.RecordAsync(
            AuditEvents.FromRequest(HttpContext, AuditActions.AccessDenied, AuditOutcome.Denied, "endpoint", "POST /w/{ws}/firewall?handler=" + handler, new Dictionary<string, string> { ["permission"] = Permissions.SettingsManage }),
            HttpContext.RequestAborted);
        return StatusCode(StatusCodes.Status403Forbidden);
    }
}
