using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Members;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Sessions;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Members;

[RequirePermission(Permissions.MembersManage)]
public sealed class MemberModel(MemberDirectory members, RoleCatalog roles) : WorkspacePageModel
{
    /// <summary>The member's account id, from the URL.</summary>
    [FromRoute(Name = "accountId")]
    public string MemberId { get; set; } = "";

    [BindProperty]
    [Required(ErrorMessage = "Choose a role.")]
    public string? Role { get; set; }

    /// <summary>Removal is offboarding (sessions end, keys they created stop): the box stands in for a confirmation dialog.</summary>
    [BindProperty]
    [Display(Name = "Yes, remove this member")]
    public bool ConfirmRemoval { get; set; }

    public MemberView Member { get; private set; } = null!;

    public IReadOnlyList<RoleView> Roles { get; private set; } = [];

    public bool IsSelf => MemberId == AccountId;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Role = Member.RoleKey;
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync()
    {
        ModelState.Remove(nameof(ConfirmRemoval));
        if (!await LoadAsync())
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await members.ChangeRoleAsync(Caller, WorkspaceId, MemberId, Role, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, nameof(Role));
            return Page();
        }

        return Done($"{Member.Email} is now {outcome.Value!.RoleName}.", "/Members/Member", new { ws = Ws, accountId = MemberId });
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        ModelState.Remove(nameof(Role));
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Role = Member.RoleKey;
        if (!ConfirmRemoval)
        {
            ModelState.AddModelError(nameof(ConfirmRemoval), "Tick the box to confirm the removal.");
            return Page();
        }

        var outcome = await members.RemoveAsync(Caller, WorkspaceId, MemberId, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, nameof(ConfirmRemoval));
            return Page();
        }

        var keys = outcome.Value;
        return Done($"{Member.Email} was removed; their sessions ended and {keys} {(keys == 1 ? "key" : "keys")} they created were revoked.", "/Members/Index", new { ws = Ws });
    }

    public async Task<IActionResult> OnPostSessionsAsync([FromServices] AccountSessions sessions)
    {
        ModelState.Remove(nameof(Role));
        if (!await LoadAsync())
        {
            return NotFound();
        }

        Role = Member.RoleKey;
        var outcome = await sessions.RevokeMemberAsync(Caller, WorkspaceId, MemberId, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal);
            return Page();
        }

        var ended = outcome.Value;
        return Done($"{ended} {(ended == 1 ? "session" : "sessions")} of {Member.Email} ended.", "/Members/Member", new { ws = Ws, accountId = MemberId });
    }

    private async Task<bool> LoadAsync()
    {
        if ((await members.MembersAsync(WorkspaceId, HttpContext.RequestAborted)).FirstOrDefault(m => m.AccountId == MemberId) is not { } member)
        {
            return false;
        }

        Member = member;
        Roles = (await roles.MatrixAsync(WorkspaceId, HttpContext.RequestAborted)).Roles;
        return true;
    }
}
