using System.Data.Common;
using Waymark.Ingest.Calls;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>A track event the writer has just stored: pseudonymous subject, name, time and its public values only.</summary>
public readonly record struct StoredEvent(long WorkspaceId, byte[] SubjectHash, string Name, long Timestamp, string? PublicData)
{
    /// <summary>The member of <see cref="PublicData"/> that holds the event's public properties.</summary>
    public const string PropertiesField = Sealing.EventPayload.Properties;
}

/// <summary>
/// Keeps a table derived from events current. Called inside the writer's transaction with the track events it stored
/// (never duplicates or suppressed ones), so the derived rows commit, or roll back, with the events themselves.
/// </summary>
public interface IStoredEventsObserver
{
    Task ApplyAsync(DbTransaction transaction, DatabaseProvider provider, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken);
}

internal static class StoredEvents
{
    public static void Collect(List<StoredEvent> tracked, EventRow row)
    {
        if (row.Type == (byte)CallType.Track && row.Name is { } name)
        {
            tracked.Add(new StoredEvent(row.WorkspaceId, row.SubjectHash, name, row.Timestamp, row.PublicData));
        }
    }

    public static async Task NotifyAsync(IReadOnlyList<IStoredEventsObserver> observers, DbTransaction transaction, DatabaseProvider provider, List<StoredEvent> tracked, CancellationToken cancellationToken)
    {
        if (tracked.Count == 0)
        {
            return;
        }

        foreach (var observer in observers)
        {
            await observer.ApplyAsync(transaction, provider, tracked, cancellationToken);
        }
    }
}
