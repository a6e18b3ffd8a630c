using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Waymark.Api;

namespace Waymark.Firewall.RateLimits;

/// <summary>Works out which limits a request counts against (<see cref="RequestLimitScope"/>), before the limiter runs.</summary>
internal sealed class RequestLimitResolver(RequestDelegate next, RateLimitSettings settings)
{
    /// <summary>Probes, metrics and the API description: a limit there would take a healthy node out of rotation.</summary>
    private static readonly PathString[] Unlimited = ["/healthz", "/readyz", "/metrics", "/openapi"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!Unlimited.Any(path => context.Request.Path.StartsWithSegments(path)))
        {
            (await ScopeOfAsync(context)).AttachTo(context);
        }

        await next(context);
    }

    private async ValueTask<RequestLimitScope> ScopeOfAsync(HttpContext context)
    {
        var defaults = settings.Defaults;
        var actorKind = context.User.FindFirstValue(WorkspaceClaims.ActorKind);
        var actorId = context.User.FindFirstValue(WorkspaceClaims.ActorId) ?? "";
        RateLimitKind? callerKind = actorKind switch
        {
            "write-key" => RateLimitKind.WriteKey,
            "server-key" => RateLimitKind.ServerKey,
            "member" => null,
            _ => RateLimitKind.Address,
        };
        var workspaceId = callerKind is RateLimitKind.Address ? null : WorkspaceClaims.TryWorkspaceIdOf(context.User);
        var own = workspaceId is { } id ? await settings.GetAsync(id, context.RequestAborted) : WorkspaceRateLimits.Defaults;
        return callerKind switch
        {
            RateLimitKind.WriteKey => new(callerKind, actorId, own.WriteKeyPerMinute ?? defaults.WriteKeyPerMinute, Text(workspaceId), own.WorkspacePerMinute ?? defaults.WorkspacePerMinute),
            RateLimitKind.ServerKey => new(callerKind, actorId, own.ServerKeyPerMinute ?? defaults.ServerKeyPerMinute, Text(workspaceId), own.WorkspacePerMinute ?? defaults.WorkspacePerMinute),
            RateLimitKind.Address => new(callerKind, SourceAddress.Of(context)?.ToString() ?? "unknown", defaults.AddressPerMinute, null, 0),
            _ => new(null, "", 0, Text(workspaceId), own.WorkspacePerMinute ?? defaults.WorkspacePerMinute),
        };
    }

    private static string? Text(long? workspaceId) => workspaceId?.ToString(CultureInfo.InvariantCulture);
}
