using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Waymark.Accounts.Members;
using Waymark.Accounts.People;
using Waymark.Accounts.Policies;
using Waymark.Accounts.Schema;
using Waymark.Accounts.SignIn;
using Waymark.Audit;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts.Sso;

public static class SsoServiceCollectionExtensions
{
    /// <summary>
    /// Single sign-on through ASP.NET Core's OpenID Connect handler, with schemes added per workspace at run time
    /// (<see cref="SsoSchemes"/>) instead of <c>AddOpenIdConnect</c>, which fixes its schemes at start-up.
    /// </summary>
    internal static IServiceCollection AddWaymarkSso(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, SsoOptionsSetup>();
        services.AddTransient<OpenIdConnectHandler>();
        services.AddSingleton<SsoSecrets>();
        services.AddSingleton<SsoSchemes>();
        services.AddSingleton(sp => new SsoConnections(
            sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<SsoSecrets>(), sp.GetRequiredService<SsoSchemes>(),
            sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new SsoSignIn(
            sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<UserManager<Account>>(), sp.GetRequiredService<SsoSchemes>(),
            sp.GetRequiredService<MemberDirectory>(), sp.GetRequiredService<MfaPolicy>(), sp.GetRequiredService<AccountSignIn>(),
            sp.GetRequiredService<WorkspaceService>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Readies the scheme of a workspace whose provider sends the browser back; goes before UseAuthentication.</summary>
    public static IApplicationBuilder UseSingleSignOn(this IApplicationBuilder app) => app.UseMiddleware<SsoCallbackMiddleware>();
}
