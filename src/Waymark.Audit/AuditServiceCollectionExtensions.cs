using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Audit.Api;
using Waymark.Audit.Chain;
using Waymark.Audit.Schema;
using Waymark.Audit.Tail;
using Waymark.Audit.Writing;
using Waymark.Storage;

namespace Waymark.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// The audit log for every role: its schema, <see cref="IAuditLog"/> with its writer, <see cref="AuditQuery"/>,
    /// and the authorization result handler that records refused requests. Needs a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddWaymarkAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section)
            .Validate(o => o.QueueCapacity > 0 && o.MaxEntriesPerCommit > 0, "The audit queue capacity and commit size must be positive.");
        services.AddFeatureSchema(AuditContexts.Schema);
        services.AddSingleton<AuditContexts>();
        services.AddSingleton<AuditQueue>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton(sp => new AuditQuery(sp.GetRequiredService<AuditContexts>()));
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton(sp => new AuditTail(sp.GetRequiredService<AuditContexts>()));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        return services;
    }

    /// <summary><c>GET /v1/audit</c> and <c>GET /v1/audit/export</c>, both behind <c>audit:read</c>.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapAuditRoutes();
        return routes;
    }
}
