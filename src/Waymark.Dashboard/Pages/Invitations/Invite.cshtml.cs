using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Waymark.Accounts;
using Waymark.Accounts.Invitations;
using Waymark.Accounts.Roles;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Invitations;

[RequirePermission(Permissions.MembersManage)]
public sealed class InviteModel(InvitationService invitations, RoleCatalog roles, IOptions<AccountsOptions> options) : WorkspacePageModel
{
    /// <summary>The least a new member can start with; the inviter raises it on purpose.</summary>
    private const string DefaultRole = "viewer";

    [BindProperty]
    [Required(ErrorMessage = "Enter the email address to invite.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as name@example.com.")]
    [StringLength(256, ErrorMessage = "An email address is at most 256 characters.")]
    [Display(Name = "Email address")]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choose a role.")]
    public string? Role { get; set; } = DefaultRole;

    public IReadOnlyList<RoleView> Roles { get; private set; } = [];

    public IReadOnlyList<InvitationView> Pending { get; private set; } = [];

    /// <summary>The invitation just made; its link only when it could not be emailed.</summary>
    public InvitationCreated? Created { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            var outcome = await invitations.InviteAsync(Caller, WorkspaceId, Email, Role, options.Value.BaseUrlFor(Request), HttpContext.RequestAborted);
            if (outcome.Refusal is { } refusal)
            {
                ShowRefusal(refusal, refusal.Type == "invalid-invitation" || refusal.Type == "already-member" ? nameof(Email) : nameof(Role));
            }
            else
            {
                Created = outcome.Value;
                ModelState.Clear();
                Email = null;
                Role = DefaultRole;
            }
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long invitationId)
    {
        var outcome = await invitations.RevokeAsync(Caller, WorkspaceId, invitationId, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal);
            await LoadAsync();
            return Page();
        }

        return Done($"The invitation for {outcome.Value!.Email} was revoked; its link no longer works.", "/Invitations/Invite", new { ws = Ws });
    }

    public string RoleName(string key) => Roles.FirstOrDefault(r => r.Key == key)?.Name ?? key;

    private async Task LoadAsync()
    {
        Roles = (await roles.MatrixAsync(WorkspaceId, HttpContext.RequestAborted)).Roles;
        Pending = await invitations.PendingAsync(WorkspaceId, HttpContext.RequestAborted);
    }
}
