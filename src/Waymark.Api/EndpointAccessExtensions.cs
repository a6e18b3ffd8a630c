using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Waymark.Api;

public static class EndpointAccessExtensions
{
    /// <summary>Requires one named permission (see <see cref="Permissions"/>).</summary>
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, string permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(permission);

    /// <summary>Marks an endpoint as open to anyone, recording why.</summary>
    public static TBuilder AllowAnonymousBecause<TBuilder>(this TBuilder builder, string reason)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        builder.AllowAnonymous();
        builder.WithMetadata(new AnonymousReason(reason));
        return builder;
    }

    /// <summary>One authorization policy per permission, each satisfied by a permission claim of the same name.</summary>
    public static IServiceCollection AddPermissionPolicies(this IServiceCollection services, params string[] authenticationSchemes)
    {
        services.AddAuthorizationBuilder().Services.Configure<AuthorizationOptions>(options =>
        {
            foreach (var permission in Permissions.All)
            {
                options.AddPolicy(permission, policy => policy
                    .AddAuthenticationSchemes(authenticationSchemes)
                    .RequireClaim(Permissions.ClaimType, permission));
            }
        });
        return services;
    }
}
