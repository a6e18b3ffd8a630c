using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Waymark.Accounts.People;
using Waymark.Accounts.Policies;
using Waymark.Accounts.Sessions;

namespace Waymark.Accounts.Passkeys;

internal static class PasskeyServiceCollectionExtensions
{
    /// <summary>Identity's passkey handler for accounts, configured for this site's origin, and the passkeys of one's own account.</summary>
    public static IServiceCollection AddWaymarkPasskeys(this IServiceCollection services)
    {
        services.TryAddScoped<IPasskeyHandler<Account>, PasskeyHandler<Account>>();
        services.AddSingleton<IConfigureOptions<IdentityPasskeyOptions>, PasskeyOrigins>();
        services.AddSingleton<PasskeyUsage>();
        services.AddScoped(sp => new AccountPasskeys(
            sp.GetRequiredService<SignInManager<Account>>(), sp.GetRequiredService<PasskeyUsage>(),
            sp.GetRequiredService<SessionRevoker>(), sp.GetRequiredService<MfaPolicy>(), sp.GetRequiredService<AccountAudit>()));
        return services;
    }
}
