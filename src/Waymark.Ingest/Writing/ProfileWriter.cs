using System.Data.Common;
using System.Text.Json.Nodes;
using Waymark.Crypto.Keys;
using Waymark.Storage;

namespace Waymark.Ingest.Writing;

/// <summary>
/// Merges trait changes into stored user and company profiles inside the writer's transaction.
/// Sealed traits are opened, merged and sealed again with the subject's key; the SQL is the same on both databases.
/// </summary>
internal static class ProfileWriter
{
    /// <summary>Applies the profile changes of a group, skipping those whose call was a duplicate message.</summary>
    public static async Task ApplyAllAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, IReadOnlyList<WriteRequest> requests, HashSet<(long WorkspaceId, long MessageKey)> duplicates, CancellationToken cancellationToken)
    {
        // Users before companies, each by subject hash (a stable sort keeps one subject's changes in arrival order),
        // so that concurrent writers lock rows in one global order and cannot deadlock.
        var ordered = requests.SelectMany(r => r.Profiles)
            .OrderBy(c => c.Kind == SubjectKind.Company)
            .ThenBy(c => c.Key.Subject.Value);
        foreach (var change in ordered)
        {
            if (change.MessageKey is not { } key || !duplicates.Contains((change.WorkspaceId, key)))
            {
                await ApplyAsync(connection, transaction, provider, change, cancellationToken);
            }
        }
    }

    private static async Task ApplyAsync(DbConnection connection, DbTransaction transaction, DatabaseProvider provider, ProfileChange change, CancellationToken cancellationToken)
    {
        var isCompany = change.Kind == SubjectKind.Company;
        var table = isCompany ? "companies" : "users";
        var subject = change.Key.Subject.ToBytes();
        JsonObject publicTraits = [], personal = [], phi = [];
        // PostgreSQL: several writers (and rectification) may merge the same profile at once; the row lock makes the
        // later one read what the earlier one committed instead of overwriting it. SQLite's writers already take turns.
        await using (var select = Command(connection, transaction, $"SELECT public_traits, sealed_traits, sealed_phi_traits FROM {table} WHERE workspace_id = @w AND subject_hash = @s"
            + (provider == DatabaseProvider.Postgres ? " FOR UPDATE" : "")))
        {
            select.AddParameter("@w", change.WorkspaceId);
            select.AddParameter("@s", subject);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                publicTraits = ParseObject(reader.IsDBNull(0) ? null : reader.GetString(0));
                personal = Open(change.Key, reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1));
                phi = Open(change.Key, reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2));
            }
        }

        Merge(change.PublicTraits, publicTraits, personal, phi);
        Merge(change.PersonalTraits, personal, publicTraits, phi);
        Merge(change.PhiTraits, phi, publicTraits, personal);

        var sql = isCompany
            ? """
              INSERT INTO companies (workspace_id, subject_hash, sealed_id, public_traits, sealed_traits, sealed_phi_traits, first_seen, last_seen, event_count)
              VALUES (@w, @s, @id, @pub, @per, @phi, @t, @t, @n)
              ON CONFLICT (workspace_id, subject_hash) DO UPDATE SET
                public_traits = excluded.public_traits, sealed_traits = excluded.sealed_traits, sealed_phi_traits = excluded.sealed_phi_traits,
                first_seen = CASE WHEN excluded.first_seen < companies.first_seen THEN excluded.first_seen ELSE companies.first_seen END,
                last_seen = CASE WHEN excluded.last_seen > companies.last_seen THEN excluded.last_seen ELSE companies.last_seen END,
                event_count = companies.event_count + excluded.event_count
              """
            : """
              INSERT INTO users (workspace_id, subject_hash, kind, sealed_id, public_traits, sealed_traits, sealed_phi_traits, created_at, updated_at)
              VALUES (@w, @s, @kind, @id, @pub, @per, @phi, @t, @t)
              ON CONFLICT (workspace_id, subject_hash) DO UPDATE SET
                public_traits = excluded.public_traits, sealed_traits = excluded.sealed_traits, sealed_phi_traits = excluded.sealed_phi_traits,
                updated_at = excluded.updated_at
              """;
        await using (var upsert = Command(connection, transaction, sql))
        {
            upsert.AddParameter("@w", change.WorkspaceId);
            upsert.AddParameter("@s", subject);
            upsert.AddParameter("@id", change.SealedId);
            upsert.AddParameter("@pub", publicTraits.Count == 0 ? null : publicTraits.ToJsonString());
            upsert.AddParameter("@per", Seal(change.Key, personal));
            upsert.AddParameter("@phi", Seal(change.Key, phi));
            upsert.AddParameter("@t", change.Timestamp);
            if (isCompany)
            {
                upsert.AddParameter("@n", change.CountsAsEvent ? 1L : 0L);
            }
            else
            {
                upsert.AddParameter("@kind", (int)change.Kind);
            }

            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (change.MemberHash is { } member)
        {
            await using var membership = Command(connection, transaction, "INSERT INTO memberships (workspace_id, user_hash, company_hash, created_at) VALUES (@w, @u, @c, @t) ON CONFLICT DO NOTHING");
            membership.AddParameter("@w", change.WorkspaceId);
            membership.AddParameter("@u", member);
            membership.AddParameter("@c", subject);
            membership.AddParameter("@t", change.Timestamp);
            await membership.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (traitKey, term) in change.BlindTerms)
        {
            await using var remove = Command(connection, transaction, "DELETE FROM blind_index WHERE workspace_id = @w AND subject_hash = @s AND trait_key = @k");
            remove.AddParameter("@w", change.WorkspaceId);
            remove.AddParameter("@s", subject);
            remove.AddParameter("@k", traitKey);
            await remove.ExecuteNonQueryAsync(cancellationToken);
            await using var insert = Command(connection, transaction, "INSERT INTO blind_index (workspace_id, term, subject_hash, trait_key) VALUES (@w, @t, @s, @k) ON CONFLICT DO NOTHING");
            insert.AddParameter("@w", change.WorkspaceId);
            insert.AddParameter("@t", term);
            insert.AddParameter("@s", subject);
            insert.AddParameter("@k", traitKey);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Copies each new trait into <paramref name="target"/> and out of the other classes, so a reclassified key lives in one place.</summary>
    private static void Merge(JsonObject changes, JsonObject target, JsonObject other1, JsonObject other2)
    {
        foreach (var (key, value) in changes)
        {
            target[key] = value?.DeepClone();
            other1.Remove(key);
            other2.Remove(key);
        }
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static JsonObject ParseObject(string? json) => json is null ? [] : JsonNode.Parse(json) as JsonObject ?? [];

    private static JsonObject Open(SubjectKey key, byte[]? sealedValue) =>
        sealedValue is null ? [] : JsonNode.Parse(key.Open(sealedValue)) as JsonObject ?? [];

    private static byte[]? Seal(SubjectKey key, JsonObject traits) =>
        traits.Count == 0 ? null : key.Seal(System.Text.Encoding.UTF8.GetBytes(traits.ToJsonString()));
}
