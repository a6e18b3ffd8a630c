using System.Data.Common;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.Retention;
using Waymark.Storage;

namespace Waymark.Analytics.Activity;

/// <summary>
/// A deleted user's active days go with their profile, in the deletion's transaction; days whose events retention
/// purged go with them.
/// </summary>
internal sealed class ActivityRows : ISubjectRowsOwner, IEventRollupOwner
{
    public async Task<int> PurgeUserAsync(DbTransaction transaction, long workspaceId, byte[] subjectHash, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM activity_days WHERE workspace_id = @w AND subject_hash = @s";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", subjectHash);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PurgeBeforeAsync(DbConnection connection, long workspaceId, long cutoff, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM activity_days WHERE workspace_id = @w AND day < @d";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@d", AnalyticsDays.Of(cutoff));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
