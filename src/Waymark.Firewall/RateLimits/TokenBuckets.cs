using System.Threading.RateLimiting;

namespace Waymark.Firewall.RateLimits;

/// <summary>
/// Limits are token buckets rather than fixed or sliding windows: a bucket holds one minute's worth of requests and
/// refills evenly, so a client gets its full limit as a burst yet can never send twice its limit across a window
/// boundary (as with fixed windows), a refused client may retry after the seconds one token takes rather than the rest of
/// a minute, and each partition is two numbers, not a window's segments.
/// </summary>
internal static class TokenBuckets
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public static TokenBucketRateLimiterOptions PerMinute(int perMinute)
    {
        // Refill at least a second apart (the partitioned limiter replenishes on a timer, not per token) with as many
        // tokens as make exactly perMinute a minute.
        var tokensPerPeriod = (perMinute + 59) / 60;
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = Minute * tokensPerPeriod / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
