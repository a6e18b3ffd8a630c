using System.Data.Common;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.Retention;
using Waymark.Storage;

namespace Waymark.Experiences.Surveys;

/// <summary>
/// A deleted user's survey answers go with their profile, so they leave every result at once; answers whose events
/// retention purged go too.
/// </summary>
internal sealed class SurveyAnswerRows : ISubjectRowsOwner, IEventRollupOwner
{
    public async Task<int> PurgeUserAsync(DbTransaction transaction, long workspaceId, byte[] subjectHash, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM survey_answers WHERE workspace_id = @w AND subject_hash = @s";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", subjectHash);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PurgeBeforeAsync(DbConnection connection, long workspaceId, long cutoff, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM survey_answers WHERE workspace_id = @w AND answered_at < @c";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@c", cutoff);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
