using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Crypto.Keys;
using Waymark.Ingest.Deletion;
using Waymark.Storage;
using Waymark.Workspaces.Callers;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Ingest.Rectification;

/// <summary>
/// Corrects a user's or company's stored traits (GDPR rectification). Each set trait goes to its class as on
/// identify, sealed with the subject's key unless public; the user's blind-index terms follow the new values; a
/// removed trait leaves every class and the blind index. Writes straight to the database in one transaction, since
/// the app role that serves this may run without the ingest writer. Audited with the keys only, never the values.
/// </summary>
internal sealed class SubjectRectifier(WaymarkDatabase database, KeyRing keyRing, DataClassStore dataClasses, IAuditLog audit, TimeProvider clock)
{
    /// <summary>As on identify: longer values (free text) get no blind-index term.</summary>
    private const int MaxBlindIndexedLength = 256;

    public async Task<Outcome<SubjectHash>> RectifyAsync(Caller caller, long workspaceId, SubjectKind kind, string subjectId, TraitCorrections corrections, CancellationToken cancellationToken)
    {
        var what = kind == SubjectKind.Company ? "Company" : "User";
        if (!caller.Has(Permissions.DataWrite))
        {
            return Refusal.Forbidden("Correcting traits needs the data:write permission.");
        }

        var workspace = await keyRing.GetWorkspaceAsync(workspaceId, cancellationToken);
        var subject = workspace.HashSubject(kind, subjectId);
        if (await keyRing.FindSubjectKeyAsync(workspace, subject, cancellationToken) is not { } key)
        {
            return Refusal.NotFound(what);
        }

        var classes = await dataClasses.GetAsync(workspaceId, cancellationToken);

        // Not cancellable once writing: a correction is either wholly stored or not at all, and then it is audited.
        var found = await WriteAsync(workspace, key, kind, classes, corrections, CancellationToken.None);
        if (!found)
        {
            return Refusal.NotFound(what);
        }

        await audit.RecordAsync(caller.Audit(workspaceId, AuditActions.SubjectRectified, AuditOutcome.Success, kind == SubjectKind.Company ? "company" : "user", Convert.ToHexStringLower(subject.ToBytes()), new Dictionary<string, string>
        {
            ["changed"] = KeyList(corrections.Changed.Keys),
            ["removed"] = KeyList(corrections.Removed),
        }), CancellationToken.None);
        return subject;
    }

    private async Task<bool> WriteAsync(WorkspaceKeys workspace, SubjectKey key, SubjectKind kind, DataClassMap classes, TraitCorrections corrections, CancellationToken cancellationToken)
    {
        var table = kind == SubjectKind.Company ? "companies" : "users";
        var subject = key.Subject.ToBytes();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);

        // SQLite: take the write lock at once, so an ingest merge of the same profile waits for this one rather than
        // failing to upgrade a read lock. PostgreSQL: the row lock below does the same for the profile row.
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken);

        // Held shared, like ingest writers: a deletion accepted meanwhile waits for this commit and then removes the
        // blind-index terms written here, or commits first and the suppression check below sees it.
        await SuppressionLock.TakeSharedAsync(connection, transaction, database.Provider, cancellationToken);
        JsonObject publicTraits, personal, phi;
        await using (var select = Command(connection, transaction, $"SELECT public_traits, sealed_traits, sealed_phi_traits FROM {table} WHERE workspace_id = @w AND subject_hash = @s"
            + (database.Provider == DatabaseProvider.Postgres ? " FOR UPDATE" : "")))
        {
            select.AddParameter("@w", workspace.WorkspaceId);
            select.AddParameter("@s", subject);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }

            publicTraits = reader.IsDBNull(0) ? [] : JsonNode.Parse(reader.GetString(0)) as JsonObject ?? [];
            personal = Open(key, reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1));
            phi = Open(key, reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2));
        }

        await using (var suppressed = Command(connection, transaction, "SELECT COUNT(*) FROM subject_suppressions WHERE workspace_id = @w AND subject_hash = @s"))
        {
            suppressed.AddParameter("@w", workspace.WorkspaceId);
            suppressed.AddParameter("@s", subject);
            if (Convert.ToInt64(await suppressed.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
            {
                return false;
            }
        }

        var terms = new List<(string Key, byte[] Term)>();
        foreach (var traitKey in corrections.Keys)
        {
            publicTraits.Remove(traitKey);
            personal.Remove(traitKey);
            phi.Remove(traitKey);
        }

        foreach (var (traitKey, value) in corrections.Changed)
        {
            switch (classes.Classify(traitKey))
            {
                case DataClass.Public:
                    publicTraits[traitKey] = value.DeepClone();
                    break;
                case DataClass.Phi:
                    phi[traitKey] = value.DeepClone();
                    break;
                default:
                    personal[traitKey] = value.DeepClone();
                    if (kind != SubjectKind.Company && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 and <= MaxBlindIndexedLength } text)
                    {
                        terms.Add((traitKey, workspace.BlindIndexTerm(traitKey, text)));
                    }

                    break;
            }
        }

        var update = kind == SubjectKind.Company
            ? "UPDATE companies SET public_traits = @pub, sealed_traits = @per, sealed_phi_traits = @phi WHERE workspace_id = @w AND subject_hash = @s"
            : "UPDATE users SET public_traits = @pub, sealed_traits = @per, sealed_phi_traits = @phi, updated_at = @t WHERE workspace_id = @w AND subject_hash = @s";
        await using (var command = Command(connection, transaction, update))
        {
            command.AddParameter("@w", workspace.WorkspaceId);
            command.AddParameter("@s", subject);
            command.AddParameter("@pub", publicTraits.Count == 0 ? null : publicTraits.ToJsonString());
            command.AddParameter("@per", Seal(key, personal));
            command.AddParameter("@phi", Seal(key, phi));
            if (kind != SubjectKind.Company)
            {
                command.AddParameter("@t", clock.GetUtcNow().ToUnixTimeMilliseconds());
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (kind != SubjectKind.Company)
        {
            await ReindexAsync(connection, transaction, workspace.WorkspaceId, subject, corrections.Keys, terms, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Drops the user's terms for every touched key, then adds those of the new personal string values.</summary>
    private static async Task ReindexAsync(DbConnection connection, DbTransaction transaction, long workspaceId, byte[] subject, IEnumerable<string> touched, List<(string Key, byte[] Term)> terms, CancellationToken cancellationToken)
    {
        await using (var remove = Command(connection, transaction, "DELETE FROM blind_index WHERE workspace_id = @w AND subject_hash = @s AND trait_key = @k"))
        {
            remove.AddParameter("@w", workspaceId);
            remove.AddParameter("@s", subject);
            var traitKey = remove.AddParameter("@k", null);
            foreach (var k in touched)
            {
                traitKey.Value = k;
                await remove.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using var insert = Command(connection, transaction, "INSERT INTO blind_index (workspace_id, term, subject_hash, trait_key) VALUES (@w, @t, @s, @k) ON CONFLICT DO NOTHING");
        insert.AddParameter("@w", workspaceId);
        insert.AddParameter("@s", subject);
        var term = insert.AddParameter("@t", null);
        var key = insert.AddParameter("@k", null);
        foreach (var (k, t) in terms)
        {
            term.Value = t;
            key.Value = k;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Key names only, in a stable order, cut to fit an audit detail.</summary>
    private static string KeyList(IEnumerable<string> keys)
    {
        var list = string.Join(",", keys.Order(StringComparer.Ordinal));
        return list.Length <= 500 ? list : list[..500] + "…";
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static JsonObject Open(SubjectKey key, byte[]? sealedValue) =>
        sealedValue is null ? [] : JsonNode.Parse(key.Open(sealedValue)) as JsonObject ?? [];

    private static byte[]? Seal(SubjectKey key, JsonObject traits) =>
        traits.Count == 0 ? null : key.Seal(System.Text.Encoding.UTF8.GetBytes(traits.ToJsonString()));
}
