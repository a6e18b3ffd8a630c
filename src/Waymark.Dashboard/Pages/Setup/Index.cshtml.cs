using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Waymark.Accounts.Setup;
using Waymark.Accounts.SignIn;
using Waymark.Api;
using Waymark.Dashboard.Pages.Shared;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Dashboard.Pages.Setup;

[AllowAnonymousBecause("First-run setup; guarded by the one-time token that 'waymark serve' prints at start, and closed once an account exists.")]
public sealed class IndexModel(InstanceSetup setup, AccountSignIn signIn) : DashboardPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address such as you@example.com.")]
    [StringLength(256, ErrorMessage = "An email address is at most 256 characters.")]
    [Display(Name = "Email address")]
    public string? Email { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(1024, ErrorMessage = "A password is at most 1024 characters.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Name the first workspace.")]
    [StringLength(200, ErrorMessage = "A workspace name is at most 200 characters.")]
    [Display(Name = "Workspace name")]
    public string? WorkspaceName { get; set; }

    /// <summary>Whether the link's token can still set the instance up.</summary>
    public bool TokenValid { get; private set; }

    /// <summary>The first workspace and its keys, shown once in the answer to the form.</summary>
    public CreatedWorkspace? Created { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await setup.IsCompleteAsync(HttpContext.RequestAborted))
        {
            return RedirectToPage("/SignIn/Index");
        }

        TokenValid = await setup.IsValidTokenAsync(Token, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await setup.IsCompleteAsync(HttpContext.RequestAborted))
        {
            return RedirectToPage("/SignIn/Index");
        }

        TokenValid = await setup.IsValidTokenAsync(Token, HttpContext.RequestAborted);
        if (!TokenValid || !ModelState.IsValid)
        {
            return Page();
        }

        var caller = Caller;
        var outcome = await setup.CompleteAsync(Token, Email, Password, WorkspaceName, caller.SourceIp, caller.RequestId, HttpContext.RequestAborted);
        if (outcome.Refusal is { } refusal)
        {
            ShowRefusal(refusal, refusal.Type == "invalid-password" ? nameof(Password) : "");
            return Page();
        }

        var (owner, workspace) = outcome.Value;
        await signIn.SignInAsync(HttpContext, owner, "setup");
        Created = workspace;
        return Page();
    }
}
