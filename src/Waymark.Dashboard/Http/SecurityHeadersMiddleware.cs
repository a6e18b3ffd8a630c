using Microsoft.AspNetCore.Http;

namespace Waymark.Dashboard.Http;

/// <summary>
/// Headers that make the browser enforce what the pages promise: no inline or third-party script or style, no
/// framing, no referrer (invitation and setup links carry tokens in the path), no content sniffing. Pages are never
/// cached, because some show a secret once. Set when the response starts, so that error pages and responses
/// rewritten by the exception handler carry them too. The API (<c>/v1</c>) answers machines and the browser SDK
/// (<c>/sdk</c>) is a script for other sites that sets its own caching; both are left alone.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ApiPath = "/v1";

    public const string SdkPath = "/sdk";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(ApiPath) && !context.Request.Path.StartsWithSegments(SdkPath))
        {
            context.Response.OnStarting(SetHeaders, context);
        }

        return next(context);
    }

    private static Task SetHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (!context.Request.Path.StartsWithSegments(DashboardAssets.RequestPath))
        {
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
        }

        return Task.CompletedTask;
    }
}
