using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.StaffAccess.Access;
using Waymark.StaffAccess.Operators;
using Waymark.StaffAccess.Schema;
using Waymark.StaffAccess.Tickets;
using Waymark.Storage;

namespace Waymark.StaffAccess;

/// <summary>
/// Staff access by ticket: instance operators hold no standing access to any workspace; an owner-approved ticket lets
/// one in for a window and a scope, and every request under it is recorded in that workspace's audit log.
/// </summary>
public static class StaffAccessServiceCollectionExtensions
{
    /// <summary>The tickets' tables and stores; every role registers them so that <c>migrate</c> knows the tables.</summary>
    public static IServiceCollection AddWaymarkStaffAccess(this IServiceCollection services)
    {
        services.AddOptions<StaffAccessOptions>().BindConfiguration(StaffAccessOptions.Section)
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Waymark:StaffAccess:SweepInterval must be positive.");
        services.AddFeatureSchema(StaffAccessContexts.Schema);
        services.TryAddSingleton<StaffAccessContexts>();
        services.TryAddScoped<TicketMail>();
        services.TryAddScoped<TicketStore>();
        services.TryAddScoped<OperatorAccounts>();
        return services;
    }

    /// <summary>The worker role's sweep that records the end of tickets whose window closed unnoticed.</summary>
    public static IServiceCollection AddWaymarkStaffAccessWorker(this IServiceCollection services) => services.AddHostedService<TicketExpiryWorker>();

    /// <summary>Grants an operator the scope of their approved, unexpired ticket on that workspace's pages, and audits each request; after workspace membership.</summary>
    public static IApplicationBuilder UseStaffAccess(this IApplicationBuilder app) => app.UseMiddleware<StaffAccessMiddleware>();

    /// <summary><c>/v1/support-tickets…</c>.</summary>
    public static IEndpointRouteBuilder MapStaffAccessEndpoints(this IEndpointRouteBuilder routes) => routes.MapTicketEndpoints();
}
