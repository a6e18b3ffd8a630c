using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Workspaces.ApiKeys;

namespace Waymark.Dashboard.Pages.Keys;

[RequirePermission(Permissions.KeysManage)]
public sealed class IndexModel(KeyService keys) : WorkspacePageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Name the key.")]
    [StringLength(100, ErrorMessage = "A key name is at most 100 characters.")]
    [Display(Name = "Key name")]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Scopes { get; set; } = [];

    [BindProperty]
    [Display(Name = "Expires on (optional)")]
    public DateOnly? ExpiresOn { get; set; }

    [BindProperty]
    [Range(0, 720, ErrorMessage = "The overlap is 0 to 720 hours.")]
    [Display(Name = "Old write key keeps working for (hours)")]
    public int OverlapHours { get; set; } = 24;

    public IReadOnlyList<KeyView> Keys { get; private set; } = [];

    /// <summary>A key just created or rotated: the only time its secret is shown.</summary>
    public CreatedKey? Created { get; private set; }

    public static IReadOnlyList<string> GrantableScopes => KeyService.GrantableScopes;

    public bool Holds(string permission) => User.Has(permission);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        ModelState.Remove(nameof(OverlapHours));
        if (Scopes.Count == 0)
        {
            ModelState.AddModelError(nameof(Scopes), "Choose at least one permission for the key.");
        }

        if (ModelState.IsValid)
        {
            DateTimeOffset? expiresAt = ExpiresOn is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
            var outcome = await keys.CreateServerKeyAsync(Caller, WorkspaceId, Name, Scopes, expiresAt, HttpContext.RequestAborted);
            if (outcome.Refusal is { } refusal)
            {
                ShowRefusal(refusal, refusal.Title == "Invalid expiry" ? nameof(ExpiresOn) : "");
            }
            else
            {
                Created = outcome.Value;
                ModelState.Clear();
                Name = null;
                Scopes = [];
                ExpiresOn = null;
            }
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync()
    {
        ClearKeyFormErrors();
        if (ModelState.IsValid)
        {
            var outcome = await keys.RotateWriteKeyAsync(Caller, WorkspaceId, TimeSpan.FromHours(OverlapHours), HttpContext.RequestAborted);
            if (outcome.Refusal is { } refusal)
            {
                ShowRefusal(refusal, nameof(OverlapHours));
            }
            else
            {
                Created = outcome.Value;
            }
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long keyId)
    {
        ClearKeyFormErrors();
        ModelState.Remove(nameof(OverlapHours));
        var outcome = await keys.RevokeAsync(Caller, WorkspaceId, keyId, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal);
            await LoadAsync();
            return Page();
        }

        return Done($"The key {outcome.Value!.Name} ({outcome.Value.Prefix}…) was revoked; it stops working at once.", "/Keys/Index", new { ws = Ws });
    }

    /// <summary>The new-key fields are not part of the other forms; their (empty) values are not errors there.</summary>
    private void ClearKeyFormErrors()
    {
        ModelState.Remove(nameof(Name));
        ModelState.Remove(nameof(Scopes));
        ModelState.Remove(nameof(ExpiresOn));
    }

    private async Task LoadAsync()
    {
        Keys = await keys.ListAsync(WorkspaceId, HttpContext.RequestAborted);
    }
}
