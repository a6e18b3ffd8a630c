using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Waymark.Api;

public static class EndpointAccessExtensions
{
    /// <summary>Requires one named permission (see <see cref="Permissions"/>).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new RequirePermissionAttribute(permission));

    /// <summary>Marks an endpoint as open to anyone, recording why.</summary>
    public static TBuilder AllowAnonymousBecause<TBuilder>(this TBuilder builder, string reason)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AllowAnonymousBecauseAttribute(reason));
        return builder;
    }

    /// <summary>
    /// One authorization policy per permission, each satisfied by a permission claim of the same name. Every way of
    /// authenticating (keys, members' sessions) expresses what the caller may do as these claims, for the workspace
    /// the request is about, so one policy serves them all.
    /// </summary>
    public static IServiceCollection AddPermissionPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().Services.Configure<AuthorizationOptions>(options =>
        {
            foreach (var permission in Permissions.All.Append(Permissions.AccountSelf).Append(Permissions.InstanceOperate))
            {
                options.AddPolicy(permission, policy => policy.RequireClaim(Permissions.ClaimType, permission));
            }
        });
        return services;
    }
}
