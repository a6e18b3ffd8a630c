using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Waymark.Audit;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.Schema;

namespace Waymark.Workspaces.DataClasses;

/// <summary>Reads and changes a workspace's key classification. Changes apply to data received afterwards.</summary>
public sealed class DataClassStore
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);
    private readonly WorkspaceContexts _contexts;
    private readonly IMemoryCache _cache;

    private readonly IAuditLog _audit;

    internal DataClassStore(WorkspaceContexts contexts, IMemoryCache cache, IAuditLog audit)
    {
        _audit = audit;
        _contexts = contexts;
        _cache = cache;
    }

    public async ValueTask<DataClassMap> GetAsync(long workspaceId, CancellationToken cancellationToken = default)
    {
        var cacheKey = "dataclasses:" + workspaceId;
        if (_cache.TryGetValue(cacheKey, out DataClassMap? cached) && cached is not null)
        {
            return cached;
        }

        await using var db = _contexts.Create();
        var rows = await db.DataClasses.Where(x => x.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var hipaaMode = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.HipaaMode).FirstOrDefaultAsync(cancellationToken);
        var map = new DataClassMap(rows.ToDictionary(x => x.Key, x => (DataClass)x.Class, StringComparer.Ordinal), hipaaMode);
        _cache.Set(cacheKey, map, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheLifetime, Size = 1 });
        return map;
    }

    /// <summary>Classifies keys; audited as a settings change (key names and classes only, never values).</summary>
    public async Task SetAsync(Caller caller, long workspaceId, IReadOnlyDictionary<string, DataClass> changes, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        var keys = changes.Keys.ToList();
        var existing = await db.DataClasses.Where(x => x.WorkspaceId == workspaceId && keys.Contains(x.Key)).ToDictionaryAsync(x => x.Key, cancellationToken);
        foreach (var (key, value) in changes)
        {
            if (existing.TryGetValue(key, out var row))
            {
                row.Class = (int)value;
            }
            else
            {
                db.DataClasses.Add(new DataClassRow { WorkspaceId = workspaceId, Key = key, Class = (int)value });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        _cache.Remove("dataclasses:" + workspaceId);
        var summary = string.Join(",", changes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Key + "=" + c.Value.ToString().ToLowerInvariant()));
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SettingsChanged, AuditOutcome.Success, "data-classes", null, new Dictionary<string, string>
        {
            ["setting"] = "data-classes",
            ["changes"] = summary.Length <= 500 ? summary : summary[..500] + "…",
        }), cancellationToken);
    }

    /// <summary>
    /// Switches HIPAA mode (every key not classified explicitly is PHI) for data received afterwards; audited as a
    /// settings change. Other processes see the change when their cached map expires (within 10 seconds).
    /// </summary>
    public async Task SetHipaaModeAsync(Caller caller, long workspaceId, bool on, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts.Create();
        await db.Workspaces.Where(w => w.Id == workspaceId).ExecuteUpdateAsync(s => s.SetProperty(w => w.HipaaMode, on), cancellationToken);
        _cache.Remove("dataclasses:" + workspaceId);
        await _audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SettingsChanged, AuditOutcome.Success, "data-classes", null, new Dictionary<string, string>
        {
            ["setting"] = "hipaa-mode",
            ["changes"] = on ? "on" : "off",
        }), cancellationToken);
    }

    /// <summary>Validates a key name for classification: what a trait or property key may be.</summary>
    public static bool IsValidKey(string key) => key.Length is > 0 and <= 200 && !key.Any(char.IsControl);
}
