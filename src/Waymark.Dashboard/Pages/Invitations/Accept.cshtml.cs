using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Invitations;
using Waymark.Accounts.Policies;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Workspaces.Workspaces;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Invitations;

[AllowAnonymousBecause("The invitee has no account yet: the single-use invitation token in the link is the credential.")]
public sealed class AcceptModel(InvitationService invitations, AccountSignIn signIn, MfaPolicy mfaPolicy, WorkspaceService workspaces) : DashboardPageModel
{
    [FromRoute(Name = "token")]
    public string Token { get; set; } = "";

    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "Choose a password")]
    public string? Password { get; set; }

    /// <summary>The invitation, or null when the link is unknown, used, revoked or expired.</summary>
    public InvitationPreview? Preview { get; private set; }

    public bool SignedIn => User.Has(Permissions.AccountSelf);

    /// <summary>Where a person with an account signs in first, coming back here afterwards.</summary>
    public string SignInPath => "/invite/" + Uri.EscapeDataString(Token);

    public async Task OnGetAsync()
    {
        Preview = await invitations.PreviewAsync(Token, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Preview = await invitations.PreviewAsync(Token, HttpContext.RequestAborted);
        if (Preview is null || (Preview.AccountExists && !SignedIn) || (!Preview.AccountExists && SignedIn))
        {
            return Page();
        }

        if (!Preview.AccountExists && string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "Choose a password.");
            return Page();
        }

        var caller = Caller;
        var outcome = await invitations.AcceptAsync(Token, AccountId, Preview.AccountExists ? null : Password, caller.SourceIp, caller.RequestId, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, refusal.Type == "invalid-password" ? nameof(Password) : "");
            return Page();
        }

        var (account, workspacePublicId) = outcome.Value;
        if (await workspaces.FindIdAsync(workspacePublicId, HttpContext.RequestAborted) is { } workspaceId)
        {
            await mfaPolicy.MemberJoinedAsync(HttpContext, workspaceId, account.Id, HttpContext.RequestAborted);
        }

        if (!SignedIn)
        {
            await signIn.SignInAsync(HttpContext, account, "invitation");
        }

        return Done($"Welcome to {Preview.WorkspaceName}.", "/Home/Overview", new { ws = workspacePublicId });
    }
}
