using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Passkeys;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Account;

/// <summary>
/// The signed-in person's passkeys: list, add (the browser's WebAuthn prompt, driven by <c>assets/passkeys.js</c>:
/// the <c>creationOptions</c> handler answers the options as JSON, then the form posts the browser's answer), rename,
/// and remove after a confirmation step.
/// </summary>
[RequirePermission(Permissions.AccountSelf)]
public sealed class PasskeysModel(AccountPasskeys passkeys) : DashboardPageModel
{
    [BindProperty]
    [Display(Name = "Passkey name")]
    public string? Name { get; set; }

    /// <summary>The browser's answer to the creation options (<c>credential.toJSON()</c>), filled in by the script.</summary>
    [BindProperty]
    public string? Credential { get; set; }

    public IReadOnlyList<PasskeyView> Passkeys { get; private set; } = [];

    /// <summary>The passkey whose removal is being confirmed (<c>?remove=ID</c>).</summary>
    public PasskeyView? Removing { get; private set; }

    /// <summary>The passkey being renamed (<c>?rename=ID</c>).</summary>
    public PasskeyView? Renaming { get; private set; }

    public static int MaxNameLength => AccountPasskeys.MaxNameLength;

    public async Task<IActionResult> OnGetAsync(string? remove, string? rename)
    {
        if (remove is not null)
        {
            Removing = await passkeys.FindAsync(AccountId!, remove, HttpContext.RequestAborted);
            if (Removing is null)
            {
                return NotFound();
            }
        }
        else if (rename is not null)
        {
            Renaming = await passkeys.FindAsync(AccountId!, rename, HttpContext.RequestAborted);
            if (Renaming is null)
            {
                return NotFound();
            }

            Name = Renaming.Name;
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>For the script: the WebAuthn creation options as JSON, or problem+json when the name will not do.</summary>
    public async Task<IActionResult> OnPostCreationOptionsAsync()
    {
        var outcome = await passkeys.CreationOptionsAsync(AccountId!, Name);
        return outcome.Refusal is { } refusal ? new ProblemAction(refusal) : Content(outcome.Value!, "application/json");
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        var outcome = await passkeys.AddAsync(HttpContext, AccountId!, Name, Credential);
        if (outcome.Refusal is { } refusal)
        {
            return await RefuseAsync(refusal, refusal.Type == "passkey-name" ? nameof(Name) : "");
        }

        return Done($"Passkey “{outcome.Value!.Name}” added. Your other sessions were signed out.", "/Account/Passkeys");
    }

    public async Task<IActionResult> OnPostRenameAsync(string? id)
    {
        var outcome = await passkeys.RenameAsync(HttpContext, AccountId!, id, Name);
        if (outcome.Refusal is { } refusal)
        {
            Renaming = await passkeys.FindAsync(AccountId!, id, HttpContext.RequestAborted);
            return await RefuseAsync(refusal, refusal.Type == "passkey-name" ? nameof(Name) : "");
        }

        return Done($"Passkey renamed to “{outcome.Value!.Name}”.", "/Account/Passkeys");
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? id)
    {
        var outcome = await passkeys.RemoveAsync(HttpContext, AccountId!, id);
        if (outcome.Refusal is { } refusal)
        {
            return await RefuseAsync(refusal);
        }

        return Done($"Passkey “{outcome.Value!.Name}” removed; it no longer signs you in. Your other sessions were signed out.", "/Account/Passkeys");
    }

    private async Task<IActionResult> RefuseAsync(Refusal refusal, string field = "")
    {
        ModelState.Remove(nameof(Credential));
        Credential = null;
        ShowRefusal(refusal, field);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Passkeys = await passkeys.ListAsync(AccountId!, HttpContext.RequestAborted);
    }

    /// <summary>Page handlers answer only action results; this one writes the API's problem+json for a refusal.</summary>
    private sealed class ProblemAction(Refusal refusal) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => refusal.ToProblem().ExecuteAsync(context.HttpContext);
    }
}
