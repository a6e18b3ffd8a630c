using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;
using Waymark.TestSupport;

namespace Waymark.Ingest.Tests.Api;

/// <summary>Every endpoint names the permission it needs, or says why it is open to anyone.</summary>
public sealed class EndpointAccessTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public void EveryEndpoint_HasAPermissionPolicyOrAnAnonymousReason()
    {
        var endpoints = fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var offenders = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var reason = endpoint.Metadata.GetMetadata<AllowAnonymousBecauseAttribute>();
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var valid = (reason is not null && anonymous && policies.Count == 0)
                || (reason is null && !anonymous && policies.Count > 0 && policies.All(p => Permissions.IsKnown(p!)));
            if (!valid)
            {
                offenders.Add(endpoint.RoutePattern.RawText ?? endpoint.DisplayName ?? "?");
            }
        }

        Assert.True(offenders.Count == 0, "Endpoints without a permission or an anonymous reason: " + string.Join(", ", offenders));
    }
}
