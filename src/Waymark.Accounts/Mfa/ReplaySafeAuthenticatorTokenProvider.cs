using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;
using Waymark.Accounts.People;
using Waymark.Accounts.Schema;

namespace Waymark.Accounts.Mfa;

/// <summary>
/// Identity's authenticator-app provider, but a code is accepted once only: Identity's own provider takes the same
/// code again for as long as its window lasts, so a code seen over someone's shoulder would still sign in. The step of
/// an accepted code is claimed with a conditional update, so of two requests racing with one code only one wins.
/// </summary>
internal sealed class ReplaySafeAuthenticatorTokenProvider(AccountContexts contexts, TimeProvider clock) : IUserTwoFactorTokenProvider<Account>
{
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<Account> manager, Account user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The code comes from the person's app; the server never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<Account> manager, Account user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<Account> manager, Account user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || TotpCode.Normalize(token) is not { } code)
        {
            return false;
        }

        var step = TotpCode.Match(Base32Encoding.ToBytes(key), code, TotpCode.StepAt(clock.GetUtcNow()), user.TotpLastStep);
        if (step is not { } accepted)
        {
            return false;
        }

        await using var db = contexts.Create();
        var claimed = await db.Users
            .Where(a => a.Id == user.Id && a.TotpLastStep < accepted)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.TotpLastStep, accepted));
        if (claimed == 0)
        {
            return false;
        }

        user.TotpLastStep = accepted;
        return true;
    }
}
