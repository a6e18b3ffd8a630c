using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Dashboard.Pages.Shared;

/// <summary>What every dashboard page shares: the signed-in account, the domain caller, refusals shown beside the form.</summary>
public abstract class DashboardPageModel : PageModel
{
    private const string NoticeKey = "notice";

    /// <summary>
    /// A one-line confirmation carried over a redirect ("Role changed"); never a secret. TempData is only touched when
    /// its cookie came along, so other responses carry no Set-Cookie for it.
    /// </summary>
    public string? Notice => Request.Cookies.ContainsKey(DashboardServiceCollectionExtensions.NoticeCookie) ? TempData[NoticeKey] as string : null;

    /// <summary>The signed-in person's account id, or null when nobody is signed in.</summary>
    protected string? AccountId => User.FindFirstValue(WorkspaceClaims.ActorId);

    /// <summary>The caller as domain services see it: who, with which permissions here, from which address.</summary>
    protected Caller Caller => Caller.From(HttpContext);

    /// <summary>
    /// A feature's service, resolved per request: feature libraries keep their services internal, so a public page
    /// model cannot take them as constructor parameters.
    /// </summary>
    protected T Service<T>()
        where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    /// <summary>Shows why an operation did not happen, next to <paramref name="field"/> or above the form.</summary>
    protected void ShowRefusal(Refusal refusal, string field = "")
    {
        ModelState.AddModelError(field, refusal.Detail);
    }

    /// <summary>For fields written without <c>asp-for</c>: <c>"true"</c> for <c>aria-invalid</c> when the field has an error.</summary>
    public string? InvalidFlag(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? "true" : null;

    /// <summary>For fields written without <c>asp-for</c>: the id of the field's error message, when it has one.</summary>
    public string? ErrorId(string key) => InvalidFlag(key) is null ? null : FieldIds.ErrorOf(key);

    /// <summary>Redirects to a page after a change, with a confirmation for it.</summary>
    protected RedirectToPageResult Done(string notice, string page, object? routeValues = null)
    {
        TempData[NoticeKey] = notice;
        return RedirectToPage(page, routeValues);
    }
}
