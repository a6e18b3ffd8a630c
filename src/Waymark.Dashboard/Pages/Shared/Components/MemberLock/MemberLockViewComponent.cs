using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Members;
using Waymark.Accounts.SignIn;

namespace Waymark.Dashboard.Pages.Shared.Components.MemberLock;

/// <summary>A member's sign-in lock on their page, with the owner's unlock button when there is something to lift.</summary>
public sealed class MemberLockViewComponent(MemberLocks locks) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string ws, string accountId) =>
        View(new MemberLockView(ws, accountId, await locks.StateAsync(accountId, HttpContext.RequestAborted)));
}

public sealed record MemberLockView(string Ws, string AccountId, ThrottleState State);
