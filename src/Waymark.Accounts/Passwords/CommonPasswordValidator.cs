using Microsoft.AspNetCore.Identity;
using Waymark.Accounts.People;

namespace Waymark.Accounts.Passwords;

/// <summary>
/// Refuses passwords from the shipped list of common and breached passwords (NIST SP 800-63B asks for exactly this
/// check, instead of composition rules). Works offline: the list ships with Waymark.
/// </summary>
internal sealed class CommonPasswordValidator(CommonPasswordList list) : IPasswordValidator<Account>
{
    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password) =>
        Task.FromResult(password is not null && list.Contains(password)
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "This password is on a list of common or breached passwords. Choose a longer, less predictable one, such as a few unrelated words." })
            : IdentityResult.Success);
}
