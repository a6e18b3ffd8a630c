using System.Data.Common;
using Waymark.Analytics.Queries;
using Waymark.Ingest.Deletion;
using Waymark.Ingest.Retention;
using Waymark.Storage;

namespace Waymark.Analytics.Activity;

/// <summary>
/// A deleted user's active days, weeks and months go with their profile, in the deletion's transaction; those whose
/// events retention purged go with them.
/// </summary>
internal sealed class ActivityRows : ISubjectRowsOwner, IEventRollupOwner
{
    public async Task<int> PurgeUserAsync(DbTransaction transaction, long workspaceId, byte[] subjectHash, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var table in new[] { "activity_days", "activity_periods" })
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM {table} WHERE workspace_id = @w AND subject_hash = @s";
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@s", subjectHash);
            removed += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return removed;
    }

    /// <summary>
    /// Days before the cutoff's day go; so do the weeks and months up to the one holding it, and that one is then marked
    /// again from the days it keeps, so a member active only on purged days of it is not counted as returning.
    /// </summary>
    public async Task PurgeBeforeAsync(DbConnection connection, long workspaceId, long cutoff, CancellationToken cancellationToken)
    {
        var cutoffDay = AnalyticsDays.Of(cutoff);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM activity_days WHERE workspace_id = @w AND day < @d";
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@d", cutoffDay);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var interval in ActivityPeriods.Kept)
        {
            var boundary = Buckets.StartOf(interval, cutoffDay);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM activity_periods WHERE workspace_id = @w AND period = @p AND start_day <= @b;
                INSERT INTO activity_periods (workspace_id, subject_hash, period, start_day)
                SELECT DISTINCT workspace_id, subject_hash, @p, @b FROM activity_days WHERE workspace_id = @w AND day < @n
                ON CONFLICT DO NOTHING
                """;
            command.AddParameter("@w", workspaceId);
            command.AddParameter("@p", ActivityPeriods.Of(interval));
            command.AddParameter("@b", boundary);
            command.AddParameter("@n", Buckets.Next(interval, boundary));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
