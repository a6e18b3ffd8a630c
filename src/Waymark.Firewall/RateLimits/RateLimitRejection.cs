using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Api;

namespace Waymark.Firewall.RateLimits;

/// <summary>The answer to a refused request: 429 with <c>Retry-After</c> and a problem naming the limit; counted and audited.</summary>
internal static class RateLimitRejection
{
    public static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var refusal = KindRateLimiter.RefusalOf(context);
        if (refusal is null)
        {
            return;
        }

        context.RequestServices.GetRequiredService<RateLimitMetrics>().RateLimited(refusal.Kind);
        await context.RequestServices.GetRequiredService<RateLimitedAudit>().RecordAsync(context, refusal);
        context.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var problem = Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests", Detail(refusal), new Dictionary<string, object?>
        {
            ["limit"] = refusal.Kind.Name(),
            ["limit_per_minute"] = refusal.Partition.PerMinute,
            ["retry_after_seconds"] = refusal.RetryAfterSeconds,
        });
        await problem.ExecuteAsync(context);
    }

    private static string Detail(RateLimitRefusal refusal)
    {
        var wait = $"Wait {refusal.RetryAfterSeconds} s (the Retry-After header) before retrying, and spread requests out or send events in batches.";
        return refusal.Kind switch
        {
            RateLimitKind.WriteKey => $"This write key sent more than {refusal.Partition.PerMinute} requests a minute. {wait} A workspace owner can raise the write key limit under Firewall, rate limits.",
            RateLimitKind.ServerKey => $"This server key sent more than {refusal.Partition.PerMinute} requests a minute. {wait} A workspace owner can raise the server key limit under Firewall, rate limits.",
            RateLimitKind.Workspace => $"This workspace's keys and members together sent more than {refusal.Partition.PerMinute} requests a minute. {wait} A workspace owner can raise the workspace limit under Firewall, rate limits.",
            _ => $"Too many requests without a valid key or session came from this address (more than {refusal.Partition.PerMinute} a minute). {wait} Check that the key you send is valid.",
        };
    }
}
