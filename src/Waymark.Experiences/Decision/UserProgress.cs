using Waymark.Storage;

namespace Waymark.Experiences.Decision;

/// <summary>One user's progress through one piece of content, as the decision needs it.</summary>
internal readonly record struct UserProgress(int TimesShown, long LastSeenAt, bool Completed, bool Dismissed);

/// <summary>Reads all of one user's progress rows in one query (a user meets a handful of flows, not thousands).</summary>
internal sealed class UserProgressReader(WaymarkDatabase database)
{
    public async Task<IReadOnlyDictionary<string, UserProgress>> ReadAsync(long workspaceId, byte[] subjectHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT content_id, times_shown, last_seen_at, completed_at, dismissed_at FROM content_progress WHERE workspace_id = @w AND subject_hash = @s";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", subjectHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var progress = new Dictionary<string, UserProgress>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            progress[reader.GetString(0)] = new UserProgress(reader.GetInt32(1), reader.GetInt64(2), !reader.IsDBNull(3), !reader.IsDBNull(4));
        }

        return progress;
    }
}
