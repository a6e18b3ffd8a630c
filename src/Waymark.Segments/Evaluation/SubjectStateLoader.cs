using System.Data.Common;
using System.Text.Json;
using Waymark.Segments.Rules;
using Waymark.Storage;

namespace Waymark.Segments.Evaluation;

/// <summary>
/// Reads one user's <see cref="SubjectState"/> with a single command of four statements (profile, companies, blind
/// terms, daily counts of the named events), so the content API pays one round trip per request. A caller that needs
/// more about the same subject passes a <see cref="SubjectRead"/>, which rides in the same command.
/// </summary>
internal sealed class SubjectStateLoader(WaymarkDatabase database)
{
    /// <summary>More names than this and the daily counts are read for every event of the user instead of an IN list.</summary>
    private const int MaxListedEvents = 200;

    public async Task<SubjectState> LoadAsync(long workspaceId, byte[] subjectHash, IReadOnlyCollection<string> eventNames, SubjectRead? also, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectHash);
        ArgumentNullException.ThrowIfNull(eventNames);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", subjectHash);
        var events = eventNames.Count == 0
            ? ""
            : eventNames.Count > MaxListedEvents
                ? "SELECT name, day, count FROM event_counts WHERE workspace_id = @w AND subject_hash = @s;"
                : $"SELECT name, day, count FROM event_counts WHERE workspace_id = @w AND subject_hash = @s AND name IN ({command.AddInList("e", eventNames.ToList())});";
        command.CommandText = $"""
            SELECT public_traits, created_at FROM users WHERE workspace_id = @w AND subject_hash = @s;
            SELECT c.public_traits FROM memberships m LEFT JOIN companies c ON c.workspace_id = m.workspace_id AND c.subject_hash = m.company_hash WHERE m.workspace_id = @w AND m.user_hash = @s;
            SELECT term FROM blind_index WHERE workspace_id = @w AND subject_hash = @s;
            {events}
            {also?.Sql}
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var exists = false;
        JsonElement traits = default;
        long? firstSeen = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            exists = true;
            traits = reader.IsDBNull(0) ? default : ParseObject(reader.GetString(0));
            firstSeen = reader.GetInt64(1);
        }

        await reader.NextResultAsync(cancellationToken);
        var companies = new List<JsonElement>();
        while (await reader.ReadAsync(cancellationToken))
        {
            companies.Add(reader.IsDBNull(0) ? default : ParseObject(reader.GetString(0)));
        }

        await reader.NextResultAsync(cancellationToken);
        var terms = new HashSet<UInt128>();
        var term = new byte[BlindTerms.Length];
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetBytes(0, 0, term, 0, term.Length) == term.Length)
            {
                terms.Add(BlindTerms.KeyOf(term));
            }
        }

        Dictionary<string, EventDay[]>? counts = null;
        if (events.Length > 0 && await reader.NextResultAsync(cancellationToken))
        {
            var rows = new Dictionary<string, List<EventDay>>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                if (!rows.TryGetValue(name, out var days))
                {
                    days = [];
                    rows[name] = days;
                }

                days.Add(new EventDay(reader.GetInt64(1), reader.GetInt64(2)));
            }

            counts = rows.ToDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal);
        }

        if (also is not null)
        {
            await reader.NextResultAsync(cancellationToken);
            await also.ReadAsync(reader, cancellationToken);
        }

        return new SubjectState(exists, traits, companies, terms, firstSeen, counts);
    }

    private static JsonElement ParseObject(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : default;
    }
}

/// <summary>
/// One more statement about the subject <see cref="SubjectStateLoader"/> reads, sent in its command: <see cref="Sql"/>
/// (ending with a semicolon) may use <c>@w</c> (the workspace id) and <c>@s</c> (the subject hash), and
/// <see cref="ReadAsync"/> reads its one result set.
/// </summary>
internal sealed record SubjectRead(string Sql, Func<DbDataReader, CancellationToken, Task> ReadAsync);
