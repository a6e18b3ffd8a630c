using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Waymark.Firewall.Transport;

/// <summary>
/// HTTPS served by Kestrel from the configured certificate, and HSTS on every HTTPS answer so that browsers never fall
/// back to plain HTTP for this host.
/// </summary>
public static class TransportSecurity
{
    /// <summary>
    /// Reads <c>Waymark:Tls</c> and loads the certificate while the host is being built, so that a wrong path or
    /// password stops <c>serve</c> with a clear message before anything listens.
    /// </summary>
    /// <exception cref="InvalidOperationException">The certificate is configured but cannot be loaded.</exception>
    public static ServerTls LoadTls(IConfiguration configuration)
    {
        var options = configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        var proxy = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        var networks = new List<IPNetwork>();
        foreach (var text in proxy.TrustedNetworks)
        {
            if (!IPNetwork.TryParse(text, out var network) && !(IPAddress.TryParse(text, out var single) && IPNetwork.TryParse(single + (single.AddressFamily == AddressFamily.InterNetworkV6 ? "/128" : "/32"), out network)))
            {
                throw new InvalidOperationException($"'{text}' in Waymark:Proxy:TrustedNetworks is not an address or a CIDR range such as 10.0.0.0/8.");
            }

            networks.Add(network);
        }

        return new ServerTls(options, options.Enabled ? TlsCertificate.Load(options) : null, networks);
    }

    /// <summary>When a certificate is configured, every HTTPS endpoint of Kestrel serves it.</summary>
    public static void ConfigureTls(this KestrelServerOptions kestrel, ServerTls tls)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.Certificate is { } certificate)
        {
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
        }
    }

    /// <summary>
    /// HSTS for one year with subdomains. ASP.NET Core leaves localhost out by default; Waymark does not, since it adds
    /// the header only when an operator configured a certificate for it.
    /// </summary>
    public static IServiceCollection AddTransportSecurity(this IServiceCollection services, ServerTls tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var network in tls.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return services.AddHsts(hsts =>
        {
            hsts.MaxAge = tls.Options.HstsMaxAge;
            hsts.IncludeSubDomains = true;
            hsts.ExcludedHosts.Clear();
        });
    }

    /// <summary>First in the pipeline: the client address and scheme are settled before anything reads them.</summary>
    public static IApplicationBuilder UseTransportSecurity(this IApplicationBuilder app, ServerTls tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return tls.Certificate is not null ? app.UseHsts() : app;
    }
}

/// <summary>
/// The TLS settings and the certificate they name, loaded once (no certificate means plain HTTP), and the proxies
/// trusted to name the client.
/// </summary>
public sealed record ServerTls(TlsOptions Options, System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate, IReadOnlyList<IPNetwork> TrustedProxies);
