using System.Text.Json;

namespace Waymark.Backups.Archive;

/// <summary>
/// The small plaintext file stored last beside each backup (<c>{id}.json</c>): it marks the backup complete and lets
/// <c>backup list</c> and the retention rules work without the identity. It names the backup, its size and the SHA-256
/// of the encrypted file, so a copy can be checked for damage before anything is decrypted; row counts and the rest of
/// the manifest stay inside the encryption.
/// </summary>
internal sealed record BackupIndexEntry(
    string Id,
    DateTimeOffset CreatedAt,
    string WaymarkVersion,
    string Provider,
    long Size,
    string Sha256,
    long LedgerSize,
    string LedgerSha256)
{
    public string Format { get; init; } = BackupManifest.CurrentFormat;

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ManifestJson.Options);

    public static BackupIndexEntry FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<BackupIndexEntry>(json, ManifestJson.Options) ?? throw new BackupException("A backup's index file is empty.");
}
