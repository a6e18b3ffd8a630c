using Waymark.Audit;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// The entries of one chain in the window that ends at a given entry, that entry included and nothing recorded after it
/// (the worker reads a batch after all of it was written, so a plain "until now" would count later entries too).
/// </summary>
internal sealed class AuditWindow(AuditQuery query)
{
    public async Task<IReadOnlyList<AuditEntryView>> UpToAsync(AuditEntryView entry, AuditFilter filter, TimeSpan window, CancellationToken cancellationToken)
    {
        var matching = new List<AuditEntryView>();
        var bounded = filter with { From = entry.Time - window, To = entry.Time.AddMilliseconds(1) };
        await foreach (var candidate in query.StreamAsync(entry.WorkspaceId, bounded, cancellationToken))
        {
            if (candidate.Seq <= entry.Seq)
            {
                matching.Add(candidate);
            }
        }

        return matching;
    }

    /// <summary>The matching entries of a chain in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<IReadOnlyList<AuditEntryView>> BetweenAsync(long workspaceId, AuditFilter filter, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var matching = new List<AuditEntryView>();
        await foreach (var candidate in query.StreamAsync(workspaceId, filter with { From = from, To = to }, cancellationToken))
        {
            matching.Add(candidate);
        }

        return matching;
    }

    public Task<int> CountAsync(long workspaceId, AuditFilter filter, CancellationToken cancellationToken) => query.CountAsync(workspaceId, filter, cancellationToken);
}
