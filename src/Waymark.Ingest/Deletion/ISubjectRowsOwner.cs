using System.Data.Common;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// A feature that keeps rows about a user outside the event store (derived state such as content progress). A user's
/// deletion purges them in the same transaction as the profile, so nothing about the person outlives the deletion.
/// </summary>
public interface ISubjectRowsOwner
{
    /// <summary>Removes every row about the user; answers how many.</summary>
    Task<int> PurgeUserAsync(DbTransaction transaction, long workspaceId, byte[] subjectHash, CancellationToken cancellationToken);
}
