using Waymark.Crypto.Keys;
using Waymark.Segments.Rules;
using Waymark.Storage;

namespace Waymark.Segments.Sql;

/// <summary>
/// Counts a segment's users with one query: how many identified users of the workspace match, and how many there are.
/// Anonymous visitors are not counted; the content API targets signed-in users.
/// </summary>
internal sealed class SegmentCounter(WaymarkDatabase database, TimeProvider clock)
{
    public async Task<(long Count, long Total)> CountAsync(long workspaceId, SegmentRule rule, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@kind", (int)SubjectKind.User);
        var where = SegmentSql.Where(rule, database.Provider, command, clock.GetUtcNow(), "@w");
        command.CommandText = $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN {where} THEN 1 ELSE 0 END), 0) FROM users u WHERE u.workspace_id = @w AND u.kind = @kind";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), reader.GetInt64(0));
    }
}
