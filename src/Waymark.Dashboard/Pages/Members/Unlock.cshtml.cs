using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Members;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Members;

/// <summary>The unlock button's target; the lock itself is shown on the member's page.</summary>
[RequirePermission(Permissions.MembersManage)]
public sealed class UnlockModel(MemberLocks locks) : WorkspacePageModel
{
    [FromRoute(Name = "accountId")]
    public string MemberId { get; set; } = "";

    public IActionResult OnGet() => RedirectToPage("/Members/Member", new { ws = Ws, accountId = MemberId });

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await locks.UnlockAsync(Caller, WorkspaceId, MemberId, HttpContext.RequestAborted);
        if (outcome.Refusal is { Status: 404 })
        {
            return NotFound();
        }

        var notice = outcome.Refusal?.Detail ?? (outcome.Value ? "Sign-in unlocked: the member can try again now." : "There was no lock to lift.");
        return Done(notice, "/Members/Member", new { ws = Ws, accountId = MemberId });
    }
}
