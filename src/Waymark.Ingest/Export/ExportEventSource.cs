using System.Data.Common;
using System.Text.Json;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Calls;
using Waymark.Ingest.Sealing;
using Waymark.Storage;

namespace Waymark.Ingest.Export;

/// <summary>
/// Streams the events of an export in the order they were stored, one row at a time. A user's events are its own rows;
/// a company's are the group calls that named it, each sealed under the key of the member who made it (a member whose
/// key was destroyed by a deletion has nothing left to read, and is skipped).
/// </summary>
internal sealed class ExportEventSource(WaymarkDatabase database, KeyRing keyRing)
{
    public async Task<(long Count, long LastSeq)> CountAsync(WorkspaceKeys workspace, SubjectKind kind, SubjectHash subject, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM events WHERE workspace_id = @w AND {SubjectColumn(kind)} = @s";
        command.AddParameter("@w", workspace.WorkspaceId);
        command.AddParameter("@s", subject.ToBytes());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The PHI keys the export will disclose, known before the first byte is sent so the audit entry precedes the answer.</summary>
    public async Task<SortedSet<string>> PhiKeysAsync(ExportSubject subject, CancellationToken cancellationToken)
    {
        var keys = new SortedSet<string>(subject.ProfilePhi, StringComparer.Ordinal);
        if (!subject.IncludesPhi)
        {
            return keys;
        }

        var sections = subject.Kind == SubjectKind.Company ? [EventPayload.Traits] : new[] { EventPayload.Properties, EventPayload.Traits };
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Select(connection, subject, "sealed_phi, subject_hash", "AND sealed_phi IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var memberKeys = new Dictionary<SubjectHash, SubjectKey?>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (await KeyOfAsync(subject, (byte[])reader.GetValue(1), memberKeys, cancellationToken) is not { } key)
            {
                continue;
            }

            using var phi = JsonDocument.Parse(key.Open((byte[])reader.GetValue(0)));
            foreach (var section in sections)
            {
                if (phi.RootElement.TryGetProperty(section, out var values) && values.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in values.EnumerateObject())
                    {
                        keys.Add(property.Name);
                    }
                }
            }
        }

        return keys;
    }

    /// <summary>Opens each event and hands it to <paramref name="onEvent"/>; answers how many were handed over.</summary>
    public async Task<long> ForEachAsync(ExportSubject subject, SortedSet<string> disclosedPhi, Func<ExportEvent, CancellationToken, ValueTask> onEvent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Select(connection, subject, "type, name, timestamp, received_at, public_data, sealed_data, sealed_phi, subject_hash", "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        using var current = new ExportEvent();
        var memberKeys = new Dictionary<SubjectHash, SubjectKey?>();
        long count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (await KeyOfAsync(subject, (byte[])reader.GetValue(7), memberKeys, cancellationToken) is not { } key)
            {
                continue;
            }

            current.Load(
                ++count,
                (CallType)reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                key.Open((byte[])reader.GetValue(5)),
                reader.IsDBNull(6) ? null : key.Open((byte[])reader.GetValue(6)),
                subject.IncludesPhi,
                disclosedPhi);
            await onEvent(current, cancellationToken);
        }

        return count;
    }

    private static DbCommand Select(DbConnection connection, ExportSubject subject, string columns, string filter)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT {columns} FROM events WHERE workspace_id = @w AND {SubjectColumn(subject.Kind)} = @s AND seq <= @last {filter} ORDER BY seq";
        command.AddParameter("@w", subject.Workspace.WorkspaceId);
        command.AddParameter("@s", subject.Key.Subject.ToBytes());
        command.AddParameter("@last", subject.LastSeq);
        return command;
    }

    private async ValueTask<SubjectKey?> KeyOfAsync(ExportSubject subject, byte[] rowSubject, Dictionary<SubjectHash, SubjectKey?> memberKeys, CancellationToken cancellationToken)
    {
        if (subject.Kind != SubjectKind.Company)
        {
            return subject.Key;
        }

        var member = SubjectHash.FromBytes(rowSubject);
        if (!memberKeys.TryGetValue(member, out var key))
        {
            key = await keyRing.FindSubjectKeyAsync(subject.Workspace, member, cancellationToken);
            memberKeys[member] = key;
        }

        return key;
    }

    private static string SubjectColumn(SubjectKind kind) => kind == SubjectKind.Company ? "company_hash" : "subject_hash";
}
