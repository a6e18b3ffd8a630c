namespace Waymark.Experiences.Authoring;

/// <summary>Whether a segment id names a segment of the workspace, so content cannot target one that does not exist.</summary>
internal interface ISegmentDirectory
{
    Task<bool> ExistsAsync(long workspaceId, string segmentId, CancellationToken cancellationToken);
}
