using Waymark.Segments.Catalog;

namespace Waymark.Experiences.Authoring;

internal sealed class SegmentDirectory(SegmentCatalog catalog) : ISegmentDirectory
{
    public async Task<bool> ExistsAsync(long workspaceId, string segmentId, CancellationToken cancellationToken) =>
        await catalog.FindAsync(workspaceId, segmentId, cancellationToken) is not null;
}
