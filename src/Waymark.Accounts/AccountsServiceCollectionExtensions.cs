using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waymark.Accounts.Http;
using Waymark.Accounts.Invitations;
using Waymark.Accounts.Members;
using Waymark.Accounts.Mfa;
using Waymark.Accounts.Passkeys;
using Waymark.Accounts.Passwords;
using Waymark.Accounts.Policies;
using Waymark.Accounts.People;
using Waymark.Accounts.Roles;
using Waymark.Accounts.Schema;
using Waymark.Accounts.Sessions;
using Waymark.Accounts.Setup;
using Waymark.Accounts.SignIn;
using Waymark.Accounts.Sso;
using Waymark.Audit;
using Waymark.Email;
using Waymark.Storage;
using Waymark.Workspaces;
using Waymark.Workspaces.ApiKeys;
using Waymark.Workspaces.Workspaces;

namespace Waymark.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>The scheme every request authenticates with: keys on the API, the session cookie everywhere else.</summary>
    public const string DefaultScheme = "Waymark";

    /// <summary>The session cookie's scheme (ASP.NET Core Identity's application cookie).</summary>
    public static readonly string SessionScheme = IdentityConstants.ApplicationScheme;

    /// <summary>
    /// Team accounts on ASP.NET Core Identity: accounts, memberships, roles, invitations, server-side sessions, setup,
    /// and the authentication that sends API paths to keys and everything else to the session cookie.
    /// </summary>
    public static IServiceCollection AddWaymarkAccounts(this IServiceCollection services)
    {
        services.AddFeatureSchema(AccountContexts.Schema);
        services.AddWaymarkEmail();
        services.AddHttpContextAccessor();
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section);
        services.AddSingleton<AccountContexts>();
        services.AddScoped(sp => sp.GetRequiredService<AccountContexts>().Create());
        services.AddSingleton<CommonPasswordList>();
        services.AddWaymarkSessions();
        services.AddScoped(sp => new PasswordChange(
            sp.GetRequiredService<UserManager<Account>>(), sp.GetRequiredService<SignInManager<Account>>(), sp.GetRequiredService<SessionRevoker>(), sp.GetRequiredService<AccountAudit>()));
        services.AddSingleton(sp => new MfaPolicy(
            sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<WorkspaceService>(), sp.GetRequiredService<IEmailSender>(), sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AccountsOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<MfaPolicy>>()));
        services.AddSingleton<IKeyCreatorStanding, KeyCreatorStanding>();
        services.AddSingleton(sp => new WorkspacePolicies(
            sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<MfaPolicy>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new MemberDirectory(
            sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<WorkspaceService>(), sp.GetRequiredService<KeyService>(),
            sp.GetRequiredService<SessionRevoker>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new RoleCatalog(sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddScoped(sp => new InvitationService(
            sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<UserManager<Account>>(), sp.GetRequiredService<MemberDirectory>(),
            sp.GetRequiredService<WorkspaceService>(), sp.GetRequiredService<IEmailSender>(), sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<InvitationService>>()));
        services.AddScoped(sp => new InstanceSetup(
            sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<UserManager<Account>>(), sp.GetRequiredService<WorkspaceService>(),
            sp.GetRequiredService<MemberDirectory>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<AccountAudit>();
        services.AddScoped(sp => new AccountRecovery(
            sp.GetRequiredService<UserManager<Account>>(), sp.GetRequiredService<SessionRevoker>(), sp.GetRequiredService<MfaPolicy>(),
            sp.GetRequiredService<AccountAudit>()));
        services.AddSingleton(sp => new MemberLocks(sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<SignInThrottle>(), sp.GetRequiredService<IAuditLog>()));
        services.AddScoped(sp => new AccountSignIn(
            sp.GetRequiredService<SignInManager<Account>>(), sp.GetRequiredService<AccountContexts>(), sp.GetRequiredService<SignInThrottle>(), sp.GetRequiredService<IAuditLog>(),
            sp.GetRequiredService<AccountAudit>()));
        services.AddWaymarkPasskeys();
        services.AddWaymarkSso();
        services.AddScoped(sp => new TotpEnrolment(
            sp.GetRequiredService<UserManager<Account>>(), sp.GetRequiredService<SignInManager<Account>>(), sp.GetRequiredService<IUserStore<Account>>(),
            sp.GetRequiredService<SessionRevoker>(), sp.GetRequiredService<MfaPolicy>(), sp.GetRequiredService<AccountAudit>()));

        services.AddIdentityCore<Account>(options =>
            {
                // NIST SP 800-63B: length and a breached-password check, no composition rules.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.User.RequireUniqueEmail = true;
                // Brute force is handled by SignInThrottle (progressive, per account and per address); Identity's
                // fixed lockout would count the same failures a second time.
                options.Lockout.AllowedForNewUsers = false;
                options.Lockout.MaxFailedAccessAttempts = int.MaxValue;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddUserStore<AccountUserStore>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<ReplaySafeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>();

        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Keys on /v1, session cookie elsewhere", options =>
                options.ForwardDefaultSelector = context => context.Request.Path.StartsWithSegments("/v1")
                    ? WorkspacesServiceCollectionExtensions.ApiKeyScheme
                    : SessionScheme)
            .AddIdentityCookies();
        services.AddOptions<CookieAuthenticationOptions>(SessionScheme).Configure<DatabaseTicketStore, IOptions<AccountsOptions>>((cookie, store, accounts) =>
        {
            cookie.SessionStore = store;
            cookie.Cookie.Name = "waymark.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = accounts.Value.SessionLifetime;
            cookie.SlidingExpiration = false;
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = "/error/403";
            cookie.ReturnUrlParameter = "returnUrl";
            // A page the person may not see answers 403 (rendered by the error page), not a redirect, so that
            // scripts and tests see the real outcome.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>Adds each person's role permissions for the workspace a page is about; goes after UseAuthentication.</summary>
    public static IApplicationBuilder UseWorkspaceMembership(this IApplicationBuilder app) => app.UseMiddleware<WorkspaceMembershipMiddleware>();

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPeopleApi();
        routes.MapSessionEndpoints();
        routes.MapPolicyApi();
        routes.MapSsoApi();
        return routes;
    }
}
