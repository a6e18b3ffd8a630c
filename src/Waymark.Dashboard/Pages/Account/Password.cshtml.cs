using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Passwords;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;

namespace Waymark.Dashboard.Pages.Account;

/// <summary>Changing one's password; every other session of the account ends, this browser stays signed in.</summary>
[RequirePermission(Permissions.AccountSelf)]
public sealed class PasswordModel(PasswordChange passwords) : DashboardPageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your current password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choose a new password.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await passwords.ChangeAsync(HttpContext, CurrentPassword, NewPassword);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, refusal.Type == "wrong-password" ? nameof(CurrentPassword) : refusal.Type == "invalid-password" ? nameof(NewPassword) : "");
            return Page();
        }

        var ended = outcome.Value;
        return Done(
            ended == 0
                ? "Your password was changed."
                : $"Your password was changed, and {ended} other {(ended == 1 ? "session was" : "sessions were")} signed out.",
            "/Account/Sessions");
    }
}
