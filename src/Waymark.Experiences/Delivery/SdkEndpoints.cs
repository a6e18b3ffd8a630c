using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Waymark.Api;

namespace Waymark.Experiences.Delivery;

/// <summary>
/// <c>/sdk/waymark.js</c>, cached briefly and revalidated by ETag so a new release reaches sites within minutes, and
/// <c>/sdk/waymark.{hash}.js</c>, cached for a year, for sites that pin a version with subresource integrity.
/// </summary>
internal static class SdkEndpoints
{
    private const string ShortCache = "public, max-age=300, stale-while-revalidate=86400";
    private const string Forever = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapSdkEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sdk/waymark.js", (HttpContext c, SdkBundle b) => Serve(c, b, ShortCache))
            .AllowAnonymousBecause("The browser SDK is public JavaScript that customers' pages load with a script tag.")
            .WithTags("Browser SDK").WithSummary("The browser SDK (short cache, ETag)");
        routes.MapGet("/sdk/waymark.{hash}.js", (string hash, HttpContext c, SdkBundle b) =>
                string.Equals(hash, b.Hash, StringComparison.Ordinal)
                    ? Serve(c, b, Forever)
                    : Problems.Create(StatusCodes.Status404NotFound, "unknown-sdk-version", "Unknown SDK version", $"This server serves only its own SDK build, at {b.VersionedPath} or /sdk/waymark.js."))
            .AllowAnonymousBecause("A pinned copy of the public browser SDK.")
            .WithTags("Browser SDK").WithSummary("The browser SDK under its content hash (cached for a year)");
        return routes;
    }

    private static IResult Serve(HttpContext context, SdkBundle bundle, string cacheControl)
    {
        var headers = context.Response.Headers;
        var etag = $"\"{bundle.Hash}\"";
        headers.CacheControl = cacheControl;
        headers.ETag = etag;
        headers.XContentTypeOptions = "nosniff";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        headers.Vary = HeaderNames.AcceptEncoding;
        if (context.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(etag, StringComparison.Ordinal)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        const string javascript = "text/javascript; charset=utf-8";
        if (context.Request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("gzip", StringComparison.OrdinalIgnoreCase)))
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(bundle.Gzipped, javascript);
        }

        return TypedResults.Bytes(bundle.Script, javascript);
    }
}
