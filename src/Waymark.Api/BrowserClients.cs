using Microsoft.Extensions.DependencyInjection;

namespace Waymark.Api;

/// <summary>
/// The browser SDK calls the ingest API from customers' own sites, so those endpoints answer cross-origin requests.
/// Any origin may call them (write keys are public by design), without cookies, and only with the headers the SDK sends.
/// </summary>
public static class BrowserClients
{
    public const string CorsPolicy = "browser-sdk";

    public const string SignatureHeader = "X-Waymark-User-Signature";

    public static IServiceCollection AddBrowserClientCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .AllowAnyOrigin()
            .WithMethods("GET", "POST")
            .WithHeaders("Authorization", "Content-Type", "Content-Encoding", SignatureHeader)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
}
