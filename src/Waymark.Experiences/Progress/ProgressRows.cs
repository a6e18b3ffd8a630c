using System.Data.Common;
using Waymark.Ingest.Deletion;
using Waymark.Storage;

namespace Waymark.Experiences.Progress;

/// <summary>A deleted user's progress goes with their profile.</summary>
internal sealed class ProgressRows : ISubjectRowsOwner
{
    public async Task<int> PurgeUserAsync(DbTransaction transaction, long workspaceId, byte[] subjectHash, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM content_progress WHERE workspace_id = @w AND subject_hash = @s";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", subjectHash);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
