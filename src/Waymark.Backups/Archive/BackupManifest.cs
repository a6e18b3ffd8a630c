using System.Text.Json;
using System.Text.Json.Serialization;

namespace Waymark.Backups.Archive;

/// <summary>
/// What a backup holds, written inside the encrypted archive beside the database: enough to check a restore
/// (row counts, the database file's SHA-256, the audit-chain heads at the snapshot) and to refuse a wrong one
/// (provider, schema version, the master key the data is sealed under). It contains no personal data.
/// </summary>
internal sealed record BackupManifest
{
    public const string CurrentFormat = "waymark-backup/1";

    public string Format { get; init; } = CurrentFormat;

    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string WaymarkVersion { get; init; }

    /// <summary><c>sqlite</c> (a database file) or <c>postgres</c> (a <c>pg_dump</c> custom-format archive).</summary>
    public required string Provider { get; init; }

    public required string DatabaseFile { get; init; }

    public required long DatabaseBytes { get; init; }

    public required string DatabaseSha256 { get; init; }

    /// <summary>Each feature's newest applied migration: the schema version.</summary>
    public required IReadOnlyDictionary<string, string?> Schema { get; init; }

    public required IReadOnlyDictionary<string, long> RowCounts { get; init; }

    public required IReadOnlyList<ManifestHead> AuditHeads { get; init; }

    /// <summary>Which master key the sealed values need (<c>MasterKey.Fingerprint</c>); the key itself is never in a backup.</summary>
    public required string MasterKeyFingerprint { get; init; }

    public required int DeletionLedgerEntries { get; init; }

    public long TotalRows => RowCounts.Values.Sum();

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ManifestJson.Options);

    public static BackupManifest FromJson(ReadOnlySpan<byte> json)
    {
        var manifest = JsonSerializer.Deserialize<BackupManifest>(json, ManifestJson.Options)
            ?? throw new BackupException("The backup's manifest is empty.");
        if (manifest.Format != CurrentFormat)
        {
            throw new BackupException($"The backup is in format '{manifest.Format}', which this Waymark does not read ({CurrentFormat}). Restore it with the Waymark version that made it ({manifest.WaymarkVersion}).");
        }

        return manifest;
    }
}

/// <summary>One audit chain's head at the snapshot: the chain (0 is the instance chain), its last seq and that entry's hash (hex).</summary>
internal sealed record ManifestHead(long WorkspaceId, long Seq, string Hash);

internal static class ManifestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
