using System.Data.Common;
using Waymark.Ingest.Deletion;
using Waymark.Storage;

namespace Waymark.Analytics.Activity;

/// <summary>A deleted user's active days go with their profile, in the deletion's transaction.</summary>
internal sealed class ActivityRows : ISubjectRowsOwner
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
}
