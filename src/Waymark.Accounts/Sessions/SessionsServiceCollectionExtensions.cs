using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Accounts.People;
using Waymark.Audit;

namespace Waymark.Accounts.Sessions;

internal static class SessionsServiceCollectionExtensions
{
    /// <summary>Server-side sessions with their limits, revocation, the session list and the audit of both.</summary>
    public static IServiceCollection AddWaymarkSessions(this IServiceCollection services)
    {
        services.AddOptions<AccountsOptions>()
            .Validate(o => o.SessionLifetime > TimeSpan.Zero && o.SessionIdleTimeout >= TimeSpan.FromMinutes(2),
                "Waymark:Accounts:SessionLifetime must be positive and SessionIdleTimeout at least 2 minutes (last use is recorded once a minute).")
            .ValidateOnStart();
        services.AddSingleton<SessionRevoker>();
        services.AddSingleton<DatabaseTicketStore>();
        services.AddSingleton(sp => new AccountSessions(
            sp.GetRequiredService<Schema.AccountContexts>(), sp.GetRequiredService<SessionRevoker>(), sp.GetRequiredService<DatabaseTicketStore>(),
            sp.GetRequiredService<AccountAudit>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));

        // Identity rebuilds the principal at each security-stamp check; the session id identity must survive that,
        // or the request making the check would not know its own session (and "end the others" would end it too).
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            var previous = options.OnRefreshingPrincipal;
            options.OnRefreshingPrincipal = async context =>
            {
                if (previous is not null)
                {
                    await previous(context);
                }

                if (context.CurrentPrincipal?.Identities.FirstOrDefault(SessionRevoker.IsSessionIdentity) is { } session && context.NewPrincipal is { } principal
                    && !principal.Identities.Any(SessionRevoker.IsSessionIdentity))
                {
                    principal.AddIdentity(session.Clone());
                }
            };
        });
        return services;
    }
}
