using System.Data.Common;
using System.Text.Json.Nodes;
using Waymark.Api;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Calls;
using Waymark.Ingest.Sealing;
using Waymark.Storage;

namespace Waymark.Ingest.Reading;

/// <summary>
/// Reads users, companies and events back, opening sealed values with each subject's key. Values classified as PHI
/// are masked (<see cref="PhiValues"/>) unless the caller holds <c>phi:read</c>.
/// </summary>
internal sealed class SubjectReader(WaymarkDatabase database, KeyRing keyRing)
{
    public async Task<UserResponse?> FindUserAsync(WorkspaceKeys workspace, string userId, bool includePhi, CancellationToken cancellationToken)
    {
        var key = await FindKeyAsync(workspace, SubjectKind.User, userId, cancellationToken);
        if (key is null)
        {
            return null;
        }

        var subject = key.Subject;

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var profile = await ReadTraitsAsync(connection, "users", workspace.WorkspaceId, key, includePhi, cancellationToken);
        var (count, first, last) = await EventStatsAsync(connection, workspace.WorkspaceId, subject, cancellationToken);
        if (profile is null && count == 0)
        {
            return null;
        }

        var companies = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT c.subject_hash, c.sealed_id FROM memberships m
                JOIN companies c ON c.workspace_id = m.workspace_id AND c.subject_hash = m.company_hash
                WHERE m.workspace_id = @w AND m.user_hash = @s
                """;
            command.AddParameter("@w", workspace.WorkspaceId);
            command.AddParameter("@s", subject.ToBytes());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<(byte[] Hash, byte[] SealedId)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(((byte[])reader.GetValue(0), (byte[])reader.GetValue(1)));
            }

            foreach (var (hash, sealedId) in rows)
            {
                if (await keyRing.FindSubjectKeyAsync(workspace, SubjectHash.FromBytes(hash), cancellationToken) is { } companyKey)
                {
                    companies.Add(System.Text.Encoding.UTF8.GetString(companyKey.Open(sealedId)));
                }
            }
        }

        companies.Sort(StringComparer.Ordinal);
        var phiKeys = profile?.PhiKeys ?? [];
        return new UserResponse(userId, profile?.Traits ?? [], PhiValues.Masked(phiKeys, includePhi), companies, first, last, count, PhiValues.Disclosed(phiKeys, includePhi));
    }

    public async Task<CompanyResponse?> FindCompanyAsync(WorkspaceKeys workspace, string companyId, bool includePhi, CancellationToken cancellationToken)
    {
        var key = await FindKeyAsync(workspace, SubjectKind.Company, companyId, cancellationToken);
        if (key is null)
        {
            return null;
        }

        var subject = key.Subject;

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var profile = await ReadTraitsAsync(connection, "companies", workspace.WorkspaceId, key, includePhi, cancellationToken);
        if (profile is not { } found)
        {
            return null;
        }

        var (traits, phiKeys) = found;

        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.first_seen, c.last_seen, c.event_count,
                   (SELECT COUNT(*) FROM memberships m WHERE m.workspace_id = c.workspace_id AND m.company_hash = c.subject_hash)
            FROM companies c WHERE c.workspace_id = @w AND c.subject_hash = @s
            """;
        command.AddParameter("@w", workspace.WorkspaceId);
        command.AddParameter("@s", subject.ToBytes());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var eventCount = reader.GetInt64(2);
        return new CompanyResponse(
            companyId,
            traits,
            PhiValues.Masked(phiKeys, includePhi),
            reader.GetInt64(3),
            eventCount == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
            eventCount == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            eventCount,
            PhiValues.Disclosed(phiKeys, includePhi));
    }

    /// <summary>
    /// One page of a user's events in the order they were stored (or, with <paramref name="newestFirst"/>, the latest
    /// first); the cursor is the last row's sequence number, and the next page starts past it.
    /// </summary>
    public async Task<EventPage?> ReadEventsAsync(WorkspaceKeys workspace, string userId, int limit, long after, bool includePhi, CancellationToken cancellationToken, bool newestFirst = false)
    {
        var key = await FindKeyAsync(workspace, SubjectKind.User, userId, cancellationToken);
        if (key is null)
        {
            return null;
        }

        var subject = key.Subject;

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT seq, type, name, timestamp, received_at, public_data, sealed_data, sealed_phi FROM events
            WHERE workspace_id = @w AND subject_hash = @s AND {(newestFirst ? "seq < @after ORDER BY seq DESC" : "seq > @after ORDER BY seq")}
            LIMIT @limit
            """;
        command.AddParameter("@w", workspace.WorkspaceId);
        command.AddParameter("@s", subject.ToBytes());
        command.AddParameter("@after", newestFirst && after == 0 ? long.MaxValue : after);
        command.AddParameter("@limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<EventResponse>(limit);
        long last = 0;
        var more = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (events.Count == limit)
            {
                more = true;
                break;
            }

            last = reader.GetInt64(0);
            events.Add(ToEvent(reader, key, includePhi));
        }

        return new EventPage(events, more ? PageCursor.Encode(last) : null);
    }

    private Task<SubjectKey?> FindKeyAsync(WorkspaceKeys workspace, SubjectKind kind, string id, CancellationToken cancellationToken) =>
        keyRing.FindSubjectKeyAsync(workspace, workspace.HashSubject(kind, id), cancellationToken);

    private static EventResponse ToEvent(DbDataReader reader, SubjectKey key, bool includePhi)
    {
        var type = (CallType)reader.GetInt32(1);
        var name = reader.IsDBNull(2) ? null : reader.GetString(2);
        var sealedData = JsonNode.Parse(key.Open((byte[])reader.GetValue(6)))!.AsObject();
        var publicData = reader.IsDBNull(5) ? null : JsonNode.Parse(reader.GetString(5))!.AsObject();
        var phi = reader.IsDBNull(7) ? null : JsonNode.Parse(key.Open((byte[])reader.GetValue(7)))!.AsObject();
        var properties = Combine(EventPayload.Properties, publicData, sealedData);
        var traits = Combine(EventPayload.Traits, publicData, sealedData);
        SortedSet<string> phiProperties = new(StringComparer.Ordinal), phiTraits = new(StringComparer.Ordinal);
        PhiValues.AddTo(properties, phi?[EventPayload.Properties], includePhi, phiProperties);
        PhiValues.AddTo(traits, phi?[EventPayload.Traits], includePhi, phiTraits);
        return new EventResponse(
            (string?)sealedData[EventPayload.MessageId],
            type.ToWire(),
            type == CallType.Track ? name : null,
            type == CallType.Track ? null : name,
            (string?)sealedData[EventPayload.UserId],
            (string?)sealedData[EventPayload.AnonymousId],
            (string?)sealedData[EventPayload.GroupId],
            (string?)sealedData[EventPayload.PreviousId],
            properties,
            PhiValues.Masked(phiProperties, includePhi),
            traits,
            PhiValues.Masked(phiTraits, includePhi),
            sealedData[EventPayload.Context]?.DeepClone().AsObject() ?? [],
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            PhiValues.Disclosed(new SortedSet<string>(phiProperties.Concat(phiTraits), StringComparer.Ordinal), includePhi));
    }

    private static JsonObject Combine(string section, params JsonObject?[] sources)
    {
        var result = new JsonObject();
        foreach (var source in sources)
        {
            if (source?[section] is JsonObject values)
            {
                foreach (var (k, v) in values)
                {
                    result[k] = v?.DeepClone();
                }
            }
        }

        return result;
    }

    private static async Task<(JsonObject Traits, SortedSet<string> PhiKeys)?> ReadTraitsAsync(DbConnection connection, string table, long workspaceId, SubjectKey key, bool includePhi, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT public_traits, sealed_traits, sealed_phi_traits FROM {table} WHERE workspace_id = @w AND subject_hash = @s";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", key.Subject.ToBytes());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var traits = new JsonObject();
        AddAll(traits, reader.IsDBNull(0) ? null : JsonNode.Parse(reader.GetString(0)));
        AddAll(traits, reader.IsDBNull(1) ? null : JsonNode.Parse(key.Open((byte[])reader.GetValue(1))));
        var phiKeys = new SortedSet<string>(StringComparer.Ordinal);
        PhiValues.AddTo(traits, reader.IsDBNull(2) ? null : JsonNode.Parse(key.Open((byte[])reader.GetValue(2))), includePhi, phiKeys);
        return (traits, phiKeys);
    }

    private static void AddAll(JsonObject target, JsonNode? source)
    {
        if (source is JsonObject values)
        {
            foreach (var (k, v) in values)
            {
                target[k] = v?.DeepClone();
            }
        }
    }

    private static async Task<(long Count, DateTimeOffset? First, DateTimeOffset? Last)> EventStatsAsync(DbConnection connection, long workspaceId, SubjectHash subject, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MIN(timestamp), MAX(timestamp) FROM events WHERE workspace_id = @w AND subject_hash = @s";
        command.AddParameter("@w", workspaceId);
        command.AddParameter("@s", subject.ToBytes());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt64(0);
        return count == 0
            ? (0, null, null)
            : (count, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
    }

    /// <summary>Users whose encrypted trait equals <paramref name="value"/>, found through the keyed blind index.</summary>
    public async Task<IReadOnlyList<UserResponse>> SearchAsync(WorkspaceKeys workspace, string traitKey, string value, bool includePhi, CancellationToken cancellationToken)
    {
        var term = workspace.BlindIndexTerm(traitKey, value);
        var candidates = new List<(byte[] Subject, byte[] SealedId)>();
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT u.subject_hash, u.sealed_id FROM blind_index b
                JOIN users u ON u.workspace_id = b.workspace_id AND u.subject_hash = b.subject_hash
                WHERE b.workspace_id = @w AND b.term = @t AND u.kind = @kind
                LIMIT 100
                """;
            command.AddParameter("@w", workspace.WorkspaceId);
            command.AddParameter("@t", term);
            command.AddParameter("@kind", (int)SubjectKind.User);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                candidates.Add(((byte[])reader.GetValue(0), (byte[])reader.GetValue(1)));
            }
        }

        var users = new List<UserResponse>();
        foreach (var (subjectBytes, sealedId) in candidates)
        {
            var key = await keyRing.FindSubjectKeyAsync(workspace, SubjectHash.FromBytes(subjectBytes), cancellationToken);
            if (key is null)
            {
                continue;
            }

            var user = await FindUserAsync(workspace, System.Text.Encoding.UTF8.GetString(key.Open(sealedId)), includePhi, cancellationToken);
            if (user is not null && user.Traits[traitKey] is JsonValue stored && stored.TryGetValue<string>(out var text)
                && string.Equals(text.Trim(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                users.Add(user);
            }
        }

        return users;
    }
}
