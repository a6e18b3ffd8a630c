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
    private readonly AuditThrottle<(RateLimitKind Kind, string Id)> _throttle = new(TimeSpan.FromMinutes(1), clock);

    public async Task RecordAsync(HttpContext context, RateLimitRefusal refusal)
    {
        if (!_throttle.ShouldRecord((refusal.Kind, refusal.Partition.Id), out var skipped))
        {
            return;
        }

        // This refusal and those skipped since the last entry.
        var count = skipped + 1;

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
}
