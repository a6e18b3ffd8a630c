using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Firewall.Schema;
using Waymark.Workspaces.Callers;

namespace Waymark.Firewall.RateLimits;

/// <summary>
/// Reads and changes a workspace's own request limits for the API and the dashboard alike. Reads are cached per process
/// so that counting a request never waits on the database: a change applies on this node at once and on the others
/// within <see cref="CacheLifetime"/>.
/// </summary>
internal sealed class RateLimitSettings(FirewallContexts contexts, IMemoryCache cache, IAuditLog audit, TimeProvider clock, IOptions<RateLimitOptions> options)
{
    public const int MinPerMinute = 1;

    public const int MaxPerMinute = 1_000_000;

    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    public RateLimitOptions Defaults => options.Value;

    public static bool IsValidLimit(int perMinute) => perMinute is >= MinPerMinute and <= MaxPerMinute;

    public async ValueTask<WorkspaceRateLimits> GetAsync(long workspaceId, CancellationToken cancellationToken)
    {
        var cacheKey = CacheKey(workspaceId);
        if (cache.TryGetValue(cacheKey, out WorkspaceRateLimits? cached) && cached is not null)
        {
            return cached;
        }

        await using var db = contexts.Create();
        var row = await db.RateLimits.AsNoTracking().FirstOrDefaultAsync(x => x.WorkspaceId == workspaceId, cancellationToken);
        var limits = row is null ? WorkspaceRateLimits.Defaults : new WorkspaceRateLimits(row.WriteKeyPerMinute, row.ServerKeyPerMinute, row.WorkspacePerMinute);
        cache.Set(cacheKey, limits, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheLifetime, Size = 1 });
        return limits;
    }

    /// <summary>Sets the workspace's three limits (null: the instance default); audited with the old and new values.</summary>
    public async Task<Outcome<WorkspaceRateLimits>> SetAsync(Caller caller, long workspaceId, WorkspaceRateLimits limits, CancellationToken cancellationToken)
    {
        if (new[] { limits.WriteKeyPerMinute, limits.ServerKeyPerMinute, limits.WorkspacePerMinute }.Any(l => l is { } value && !IsValidLimit(value)))
        {
            return Refusal.Invalid("invalid-rate-limits", "Invalid rate limits", $"Each limit is a whole number of requests per minute from {MinPerMinute} to {MaxPerMinute}, or null for the instance default.");
        }

        if (!caller.Has(Permissions.SettingsManage))
        {
            return Refusal.Forbidden("Changing rate limits needs the settings:manage permission.");
        }

        WorkspaceRateLimits old;
        await using (var db = contexts.Create())
        {
            var row = await db.RateLimits.FirstOrDefaultAsync(x => x.WorkspaceId == workspaceId, cancellationToken);
            old = row is null ? WorkspaceRateLimits.Defaults : new WorkspaceRateLimits(row.WriteKeyPerMinute, row.ServerKeyPerMinute, row.WorkspacePerMinute);
            if (limits.IsDefault)
            {
                if (row is not null)
                {
                    db.RateLimits.Remove(row);
                }
            }
            else
            {
                if (row is null)
                {
                    row = new RateLimitRow { WorkspaceId = workspaceId };
                    db.RateLimits.Add(row);
                }

                row.WriteKeyPerMinute = limits.WriteKeyPerMinute;
                row.ServerKeyPerMinute = limits.ServerKeyPerMinute;
                row.WorkspacePerMinute = limits.WorkspacePerMinute;
                row.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        cache.Remove(CacheKey(workspaceId));
        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.RateLimitsChanged, AuditOutcome.Success, "rate-limits", null, new Dictionary<string, string>
        {
            ["old_write_key_per_minute"] = Describe(old.WriteKeyPerMinute),
            ["new_write_key_per_minute"] = Describe(limits.WriteKeyPerMinute),
            ["old_server_key_per_minute"] = Describe(old.ServerKeyPerMinute),
            ["new_server_key_per_minute"] = Describe(limits.ServerKeyPerMinute),
            ["old_workspace_per_minute"] = Describe(old.WorkspacePerMinute),
            ["new_workspace_per_minute"] = Describe(limits.WorkspacePerMinute),
        }), CancellationToken.None);
        return limits;
    }

    /// <summary>A limit as the audit log shows it: a number, or "default".</summary>
    private static string Describe(int? perMinute) => perMinute?.ToString(CultureInfo.InvariantCulture) ?? "default";

    private static string CacheKey(long workspaceId) => "firewall-rate-limits:" + workspaceId.ToString(CultureInfo.InvariantCulture);
}
