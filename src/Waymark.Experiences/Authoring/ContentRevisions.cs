using Microsoft.EntityFrameworkCore;
using Waymark.Experiences.Schema;

namespace Waymark.Experiences.Authoring;

/// <summary>A counter per workspace that moves whenever live content changes; content caches compare it, not the content.</summary>
internal sealed class ContentRevisions(ExperienceContexts contexts)
{
    /// <summary>Raised after a bump made by this process, so its own caches need not wait to notice.</summary>
    public event Action<long>? Bumped;

    public async Task BumpAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await MoveAsync(workspaceId, cancellationToken);
        Bumped?.Invoke(workspaceId);
    }

    private async Task MoveAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        var updated = await db.Revisions.Where(r => r.WorkspaceId == workspaceId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Revision, r => r.Revision + 1), cancellationToken);
        if (updated == 0)
        {
            db.Revisions.Add(new ContentRevisionRow { WorkspaceId = workspaceId, Revision = 1 });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node created the row first; moving it once more is all that is needed.
                await MoveAsync(workspaceId, cancellationToken);
            }
        }
    }

    public async Task<long> CurrentAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var db = contexts.Create();
        return await db.Revisions.AsNoTracking().Where(r => r.WorkspaceId == workspaceId).Select(r => (long?)r.Revision).SingleOrDefaultAsync(cancellationToken) ?? 0;
    }
}
