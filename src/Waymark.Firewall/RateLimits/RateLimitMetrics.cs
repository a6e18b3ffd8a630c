using System.Diagnostics.Metrics;

namespace Waymark.Firewall.RateLimits;

/// <summary>Refused requests by the kind of limit they hit; never tagged with a key, workspace or address.</summary>
internal sealed class RateLimitMetrics
{
    public const string MeterName = "Waymark.Firewall";

    private readonly Counter<long> _rateLimited;

    public RateLimitMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _rateLimited = meter.CreateCounter<long>("waymark.firewall.rate_limited", description: "Requests refused with 429 because a rate limit was reached.");
    }

    public void RateLimited(RateLimitKind kind) => _rateLimited.Add(1, new KeyValuePair<string, object?>("limit", kind.Name()));
}
