using System.Data.Common;
using System.Globalization;
using Waymark.Audit.Chain;
using Waymark.Backups.Archive;
using Waymark.Ingest.Deletion;
using Waymark.Storage;

namespace Waymark.Backups.Snapshots;

/// <summary>
/// What a backup's manifest says about the database, read inside the same snapshot the backup copies (or from a
/// restored copy, to compare): rows per table, audit-chain heads, schema version and the deletion ledger.
/// </summary>
internal sealed record SnapshotFacts(
    IReadOnlyDictionary<string, long> RowCounts,
    IReadOnlyList<ManifestHead> AuditHeads,
    IReadOnlyDictionary<string, string?> Schema,
    IReadOnlyList<DeletionLedgerEntry> Ledger)
{
    public static async Task<SnapshotFacts> ReadAsync(
        DbConnection connection, DbTransaction? transaction, DatabaseProvider provider, SchemaMigrator migrator, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await TablesAsync(connection, transaction, provider, cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var heads = (await AuditChainVerifier.ReadHeadsAsync(connection, transaction, null, cancellationToken))
            .OrderBy(h => h.Key)
            .Select(h => new ManifestHead(h.Key, h.Value.Seq, Convert.ToHexStringLower(h.Value.Hash)))
            .ToList();
        var schema = await migrator.ReadAppliedAsync(connection, transaction, cancellationToken);
        var ledger = await DeletionLedger.ReadAsync(connection, transaction, cancellationToken);
        return new SnapshotFacts(counts, heads, schema, ledger);
    }

    /// <summary>Where a restored copy differs from its manifest, in words; empty when it matches.</summary>
    public IReadOnlyList<string> DifferencesFrom(BackupManifest manifest)
    {
        var differences = new List<string>();
        foreach (var (table, expected) in manifest.RowCounts)
        {
            var actual = RowCounts.GetValueOrDefault(table, -1);
            if (actual != expected)
            {
                differences.Add(actual < 0 ? $"table {table} is missing" : $"table {table} has {actual} rows, the manifest says {expected}");
            }
        }

        differences.AddRange(RowCounts.Keys.Except(manifest.RowCounts.Keys).Select(t => $"table {t} is not in the manifest"));
        var heads = AuditHeads.ToDictionary(h => h.WorkspaceId);
        foreach (var head in manifest.AuditHeads)
        {
            if (!heads.TryGetValue(head.WorkspaceId, out var actual) || actual != head)
            {
                differences.Add($"audit chain {head.WorkspaceId} ends at {(actual is null ? "nothing" : $"seq {actual.Seq}")}, the manifest says seq {head.Seq} with hash {head.Hash[..16]}…");
            }
        }

        return differences;
    }

    /// <summary>Waymark's tables in the database behind <paramref name="connection"/> (SQLite's own tables left out).</summary>
    public static async Task<List<string>> TablesAsync(DbConnection connection, DbTransaction? transaction, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}
