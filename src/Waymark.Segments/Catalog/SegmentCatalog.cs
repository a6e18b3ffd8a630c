using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Waymark.Segments.Rules;
using Waymark.Segments.Schema;

namespace Waymark.Segments.Catalog;

/// <summary>
/// Each workspace's segments, parsed once and shared by every request of this process. A change made here drops the
/// workspace's entry at once; changes made by other nodes are seen within <see cref="Freshness"/>, when the entry is
/// read again from the database.
/// </summary>
internal sealed class SegmentCatalog(SegmentsContexts contexts, SegmentRules rules, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private readonly ConcurrentDictionary<long, long> _generations = new();

    public async ValueTask<IReadOnlyDictionary<string, CatalogSegment>> GetAsync(long workspaceId, CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        if (_entries.TryGetValue(workspaceId, out var entry) && clock.GetElapsedTime(entry.LoadedAt, now) < Freshness)
        {
            return entry.Segments;
        }

        var generation = _generations.GetValueOrDefault(workspaceId);
        var segments = await LoadAsync(workspaceId, cancellationToken);
        // A change made while this load ran may be missing from it: keep it only if nothing changed meanwhile.
        if (_generations.GetValueOrDefault(workspaceId) == generation)
        {
            _entries[workspaceId] = new Entry(now, segments);
        }

        return segments;
    }

    public async ValueTask<CatalogSegment?> FindAsync(long workspaceId, string segmentId, CancellationToken cancellationToken) =>
        (await GetAsync(workspaceId, cancellationToken)).GetValueOrDefault(segmentId);

    /// <summary>Forgets the workspace's segments after a change in this process.</summary>
    public void Invalidate(long workspaceId)
    {
        _generations.AddOrUpdate(workspaceId, 1, (_, g) => g + 1);
        _entries.TryRemove(workspaceId, out _);
    }

    private async Task<IReadOnlyDictionary<string, CatalogSegment>> LoadAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var rows = await db.Segments.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var segments = new Dictionary<string, CatalogSegment>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
        {
            using var definition = JsonDocument.Parse(row.Definition);
            var parsed = await rules.ParseAsync(workspaceId, definition.RootElement, cancellationToken);
            segments[row.Id] = parsed.Value is { } rule
                ? new CatalogSegment(row.Id, row.Name, rule, null, RuleEvents.Of(rule))
                : new CatalogSegment(row.Id, row.Name, null, parsed.Refusal, new HashSet<string>());
        }

        return segments;
    }

    private sealed record Entry(long LoadedAt, IReadOnlyDictionary<string, CatalogSegment> Segments);
}
