using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Waymark.Accounts;
using Waymark.Accounts.Sessions;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Account;

/// <summary>
/// The signed-in person's sessions (device, address, how they signed in, when), with this browser's marked; end one,
/// or all but this one. Ending all, this one included, is the sign-out page's.
/// </summary>
[RequirePermission(Permissions.AccountSelf)]
public sealed class SessionsModel(AccountSessions sessions, IOptions<AccountsOptions> options) : DashboardPageModel
{
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    public string IdleLimit => Duration(options.Value.SessionIdleTimeout);

    public string Lifetime => Duration(options.Value.SessionLifetime);

    public async Task OnGetAsync() => Sessions = await sessions.ListAsync(User, HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostRevokeAsync(string? session)
    {
        var current = (await sessions.ListAsync(User, HttpContext.RequestAborted)).FirstOrDefault(s => s.IsCurrent);
        if (current is not null && current.Handle == session)
        {
            ModelState.AddModelError("", "That is the session you are using. To end it, sign out.");
            await OnGetAsync();
            return Page();
        }

        return await sessions.RevokeAsync(HttpContext, session)
            ? Done("The session was ended. That device is signed out at its next request.", "/Account/Sessions")
            : Done("That session had already ended.", "/Account/Sessions");
    }

    public async Task<IActionResult> OnPostOthersAsync()
    {
        var ended = await sessions.RevokeOthersAsync(HttpContext);
        return Done(
            ended == 0 ? "You had no other sessions." : $"{ended} other {(ended == 1 ? "session was" : "sessions were")} ended. Only this browser is still signed in.",
            "/Account/Sessions");
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1 && span.Minutes == 0 && span.Seconds == 0
        ? $"{span.TotalHours:0} {(span.TotalHours == 1 ? "hour" : "hours")}"
        : $"{Math.Ceiling(span.TotalMinutes):0} {(span.TotalMinutes <= 1 ? "minute" : "minutes")}";
}
