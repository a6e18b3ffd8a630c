using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Waymark.Audit;

namespace Waymark.Firewall.RateLimits;

/// <summary>
/// Audits refused requests at most once a minute per limit partition, with the count since the last entry: a client
/// hammering past its limit must not flood the audit log (and its writer) with one entry per refused request.
/// </summary>
internal sealed class RateLimitedAudit(IAuditLog audit, TimeProvider clock)
{
    /// <summary>Beyond this many tallies, those quiet for a minute are forgotten: an address flood must not grow the table forever.</summary>
    private const int PruneAbove = 10_000;

    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(RateLimitKind Kind, string Id), Tally> _tallies = new();

    public async Task RecordAsync(HttpContext context, RateLimitRefusal refusal)
    {
        var now = clock.GetUtcNow();
        var tally = _tallies.GetOrAdd((refusal.Kind, refusal.Partition.Id), _ => new Tally());
        long count;
        lock (tally)
        {
            tally.Refused++;
            if (tally.LastEntryAt is { } last && now - last < Interval)
            {
                return;
            }

            tally.LastEntryAt = now;
            count = tally.Refused;
            tally.Refused = 0;
        }

        if (_tallies.Count > PruneAbove)
        {
            Prune(now);
        }

        var (targetType, targetId) = refusal.Kind switch
        {
            RateLimitKind.WriteKey or RateLimitKind.ServerKey => ("key", refusal.Partition.Id),
            RateLimitKind.Workspace => ("workspace", refusal.Partition.Id),
            _ => ("address", (string?)null),
        };
        await audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.RateLimited, AuditOutcome.Denied, targetType, targetId, new Dictionary<string, string>
        {
            ["limit"] = refusal.Kind.Name(),
            ["per_minute"] = refusal.Partition.PerMinute.ToString(CultureInfo.InvariantCulture),
            ["refused_since_last_entry"] = count.ToString(CultureInfo.InvariantCulture),
        }), CancellationToken.None);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, tally) in _tallies)
        {
            lock (tally)
            {
                if (tally.LastEntryAt is { } last && now - last >= Interval && tally.Refused == 0)
                {
                    _tallies.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Tally
    {
        public long Refused { get; set; }

        public DateTimeOffset? LastEntryAt { get; set; }
    }
}
