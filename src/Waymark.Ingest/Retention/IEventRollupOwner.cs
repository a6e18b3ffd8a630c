using System.Data.Common;

namespace Waymark.Ingest.Retention;

/// <summary>
/// A feature that keeps rows derived from events by time (a rollup such as analytics' active days, survey answers).
/// Retention purges them with the events they came from, so no answer keeps showing what retention removed.
/// </summary>
public interface IEventRollupOwner
{
    /// <summary>Removes the workspace's rows derived from events older than <paramref name="cutoff"/> (Unix milliseconds).</summary>
    Task PurgeBeforeAsync(DbConnection connection, long workspaceId, long cutoff, CancellationToken cancellationToken);
}
