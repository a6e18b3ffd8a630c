namespace Waymark.Firewall.Transport;

/// <summary>
/// The reverse proxies Waymark believes (<c>Waymark:Proxy</c>). Only a request arriving from one of these networks may
/// name its client address (<c>X-Forwarded-For</c>) and scheme (<c>X-Forwarded-Proto</c>); from anywhere else the
/// headers are ignored, so a client cannot pick the address that rate limits, allow lists and the audit log see.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Waymark:Proxy";

    /// <summary>CIDR ranges (or single addresses) of the proxies, e.g. <c>10.0.0.0/8</c>. Empty: no proxy is trusted.</summary>
    public IList<string> TrustedNetworks { get; } = [];
}
