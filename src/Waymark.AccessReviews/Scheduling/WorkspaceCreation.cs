using Waymark.Workspaces.Workspaces;

namespace Waymark.AccessReviews.Scheduling;

/// <summary>When workspaces were created, by internal id: the start of their first review period.</summary>
internal sealed class WorkspaceCreation(WorkspaceService workspaces)
{
    public async Task<DateTimeOffset> OfAsync(long workspaceId, CancellationToken cancellationToken)
    {
        var names = await workspaces.NamesAsync([workspaceId], cancellationToken);
        var publicId = names[workspaceId].PublicId;
        return (await workspaces.ListAsync(cancellationToken)).First(w => w.WorkspaceId == publicId).CreatedAt;
    }
}
