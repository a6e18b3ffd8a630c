using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Waymark.Firewall.RateLimits;

/// <summary>
/// The limiter of one kind of limit, partitioned by key, workspace or address. It notes on the request which kind
/// refused it, and when to retry: a chained limiter's refusal does not say which of its limiters refused.
/// </summary>
internal sealed class KindRateLimiter : PartitionedRateLimiter<HttpContext>
{
    private static readonly object ItemKey = new();
    private readonly PartitionedRateLimiter<HttpContext> _inner;

    public KindRateLimiter(RateLimitKind kind)
    {
        Kind = kind;
        _inner = PartitionedRateLimiter.Create<HttpContext, LimitPartition>(context =>
            RequestLimitScope.Of(context)?.PartitionFor(kind) is { } partition
                ? RateLimitPartition.GetTokenBucketLimiter(partition, p => TokenBuckets.PerMinute(p.PerMinute))
                : RateLimitPartition.GetNoLimiter(default(LimitPartition)));
    }

    public RateLimitKind Kind { get; }

    /// <summary>The refusal noted on a request that a limit refused, if any.</summary>
    public static RateLimitRefusal? RefusalOf(HttpContext context) => context.Items.TryGetValue(ItemKey, out var refusal) ? refusal as RateLimitRefusal : null;

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _inner.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Note(resource, _inner.AttemptAcquire(resource, permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        Note(resource, await _inner.AcquireAsync(resource, permitCount, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsyncCore();
    }

    private RateLimitLease Note(HttpContext context, RateLimitLease lease)
    {
        if (!lease.IsAcquired && RequestLimitScope.Of(context)?.PartitionFor(Kind) is { } partition)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            context.Items[ItemKey] = new RateLimitRefusal(Kind, partition, retryAfter);
        }

        return lease;
    }
}

/// <summary>Which limit refused a request, for which key, workspace or address, and when a retry can succeed.</summary>
internal sealed record RateLimitRefusal(RateLimitKind Kind, LimitPartition Partition, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds, rounded up, never zero: a client that retries at once would only be refused again.</summary>
    public int RetryAfterSeconds => (int)Math.Max(1, Math.Ceiling(RetryAfter.TotalSeconds));
}
