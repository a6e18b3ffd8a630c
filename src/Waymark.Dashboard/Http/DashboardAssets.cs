using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace Waymark.Dashboard.Http;

/// <summary>
/// The stylesheet, script and icon, served from resources embedded in this assembly. Static web assets
/// (<c>_content/</c>) would need the files next to the app, which a published or copied <c>bin/</c> does not have.
/// </summary>
internal static class DashboardAssets
{
    public const string RequestPath = "/assets";

    public static StaticFileOptions StaticFileOptions() => new()
    {
        FileProvider = new ManifestEmbeddedFileProvider(typeof(DashboardAssets).Assembly, "Assets"),
        RequestPath = RequestPath,

        // Revalidated on each use (a cheap 304): file names carry no version, so a new release must not be hidden by a cache.
        OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
    };
}
