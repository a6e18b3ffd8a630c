using Waymark.Api;
using Waymark.Segments.Catalog;

namespace Waymark.Analytics.Queries;

/// <summary>Turns <c>segment=seg_…</c> into an <see cref="Audience"/>, through the segments library's own catalog.</summary>
internal sealed class AudienceResolver(SegmentCatalog catalog)
{
    public async Task<Outcome<Audience>> ResolveAsync(long workspaceId, string? segmentId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(segmentId))
        {
            return Audience.Everyone;
        }

        var segment = await catalog.FindAsync(workspaceId, segmentId, cancellationToken);
        if (segment is null)
        {
            return Refusal.NotFound("Segment");
        }

        // A rule that no longer holds (say, on a key since classified PHI) would match nobody: say so rather than answer zeros.
        return segment.Rule is { } rule
            ? new Audience(rule)
            : Refusal.Invalid("segment-invalid", "Segment no longer valid", "This segment matches nobody under the workspace's current data classes: " + segment.Problem!.Detail + " Edit the segment, or query without it.");
    }
}
