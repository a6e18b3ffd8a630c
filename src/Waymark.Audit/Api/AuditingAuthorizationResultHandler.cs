using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Waymark.Audit.Api;

/// <summary>
/// Records every request refused for lack of permission (403) before the refusal is sent; the default handler then
/// answers as usual. Challenges (401, no or unknown credentials) are not recorded here: they name no actor.
/// </summary>
internal sealed class AuditingAuthorizationResultHandler(IAuditLog auditLog) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var endpoint = context.GetEndpoint();
            var permissions = endpoint?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList() ?? [];
            var details = permissions.Count == 0 ? null : new Dictionary<string, string> { ["permission"] = string.Join(',', permissions) };

            // The route pattern, never the path: a path can carry an end user's id.
            var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? endpoint?.DisplayName ?? "unknown";
            var target = $"{context.Request.Method} {(route.StartsWith('/') ? route : "/" + route)}";
            target = target.Length > AuditLimits.Id ? target[..AuditLimits.Id] : target;
            await auditLog.RecordAsync(AuditEvents.FromRequest(context, AuditActions.AccessDenied, AuditOutcome.Denied, "endpoint", target, details), context.RequestAborted);
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
