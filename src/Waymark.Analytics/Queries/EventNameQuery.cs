using Waymark.Storage;

namespace Waymark.Analytics.Queries;

/// <summary>
/// The track event names a workspace has received, for the dashboard's event selects; read from <c>event_counts</c>
/// through its (workspace, name, …) index, so it never reads the event log.
/// </summary>
internal sealed class EventNameQuery(WaymarkDatabase database)
{
    public const int MaxNames = 500;

    public async Task<IReadOnlyList<string>> RunAsync(long workspaceId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.AddParameter("@w", workspaceId);
        command.CommandText = $"SELECT DISTINCT name FROM event_counts WHERE workspace_id = @w ORDER BY name LIMIT {MaxNames}";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        // The databases collate differently; the select lists in one order whichever holds the events.
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
