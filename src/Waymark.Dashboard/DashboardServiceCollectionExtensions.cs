using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Dashboard.Http;

namespace Waymark.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    internal const string NoticeCookie = "waymark.notice";

    /// <summary>
    /// The dashboard's Razor Pages, with antiforgery on every form and server-side rendering only (no client-side
    /// validation scripts: the pages work without JavaScript and under a strict Content-Security-Policy).
    /// </summary>
    public static IServiceCollection AddWaymarkDashboard(this IServiceCollection services)
    {
        services.AddRazorPages()
            .ConfigureApplicationPartManager(AddDashboardParts)
            .AddViewOptions(options => options.HtmlHelperOptions.ClientValidationEnabled = false)
            .AddMvcOptions(options => WithoutEchoes(options.ModelBindingMessageProvider))
            .AddCookieTempDataProvider(options =>
            {
                options.Cookie.Name = NoticeCookie;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "waymark.antiforgery";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

            // The security headers set X-Frame-Options: DENY on every page; antiforgery's SAMEORIGIN would be weaker.
            options.SuppressXFrameOptionsHeader = true;
        });
        return services;
    }

    /// <summary>
    /// Security headers on everything outside the API, the dashboard's assets under <c>/assets/</c>, and friendly
    /// error pages for 4xx/5xx answers outside the API (which keeps its problem+json). Goes before routing.
    /// </summary>
    public static IApplicationBuilder UseWaymarkDashboard(this IApplicationBuilder app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments(SecurityHeadersMiddleware.ApiPath),
            branch => branch.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseStaticFiles(DashboardAssets.StaticFileOptions());
        return app;
    }

    public static IEndpointRouteBuilder MapWaymarkDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapRazorPages();
        return routes;
    }

    /// <summary>Model-binding messages name the field but, unlike the defaults, never repeat what was typed into it.</summary>
    private static void WithoutEchoes(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((_, field) => $"Enter a valid value for {field}.");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "Enter a valid value.");
        messages.SetUnknownValueIsInvalidAccessor(field => $"Enter a valid value for {field}.");
        messages.SetValueIsInvalidAccessor(_ => "Enter a valid value.");
        messages.SetValueMustBeANumberAccessor(field => $"Enter a number for {field}.");
        messages.SetValueMustNotBeNullAccessor(_ => "Enter a value.");
        messages.SetMissingBindRequiredValueAccessor(field => $"Enter {field}.");
    }

    /// <summary>
    /// Adds this assembly's pages once: a host whose entry assembly references the dashboard discovers them by itself,
    /// while a host started from elsewhere (the tests) does not.
    /// </summary>
    private static void AddDashboardParts(ApplicationPartManager manager)
    {
        var assembly = typeof(DashboardServiceCollectionExtensions).Assembly;
        if (manager.ApplicationParts.Any(part => part is AssemblyPart { Assembly: var existing } && existing == assembly))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            manager.ApplicationParts.Add(part);
        }
    }
}
