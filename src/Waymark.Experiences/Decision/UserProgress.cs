using System.Data.Common;
using Waymark.Segments.Evaluation;

namespace Waymark.Experiences.Decision;

/// <summary>One user's progress through one piece of content, as the decision needs it.</summary>
internal readonly record struct UserProgress(int TimesShown, long LastSeenAt, bool Completed, bool Dismissed);

/// <summary>
/// All of one user's progress rows (a user meets a handful of flows, not thousands), read in the command that loads
/// the user's segment state: one round trip per decision.
/// </summary>
internal sealed class UserProgressRead
{
    private readonly Dictionary<string, UserProgress> _progress = new(StringComparer.Ordinal);

    public UserProgressRead() =>
        Read = new SubjectRead("SELECT content_id, times_shown, last_seen_at, completed_at, dismissed_at FROM content_progress WHERE workspace_id = @w AND subject_hash = @s;", ReadAsync);

    public SubjectRead Read { get; }

    /// <summary>The rows by content id, once the command has run.</summary>
    public IReadOnlyDictionary<string, UserProgress> Progress => _progress;

    private async Task ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            _progress[reader.GetString(0)] = new UserProgress(reader.GetInt32(1), reader.GetInt64(2), !reader.IsDBNull(3), !reader.IsDBNull(4));
        }
    }
}
