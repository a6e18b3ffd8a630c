using System.Security.Cryptography;
using Waymark.Backups.Archive;
using Waymark.Backups.Running;

namespace Waymark.Backups.Locations;

/// <summary>Fetches a stored object into a local file and proves it is the one that was stored (size and SHA-256 from the backup's index).</summary>
internal static class Download
{
    public static async Task CheckedAsync(
        IBackupLocation location, string key, string path, long size, string sha256, IProgress<BackupProgress>? progress, string phase, CancellationToken cancellationToken)
    {
        using var sha = SHA256.Create();
        await using (var source = await location.OpenReadAsync(key, cancellationToken))
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
        await using (var hashing = new CryptoStream(file, sha, CryptoStreamMode.Write))
        {
            await new ProgressStream(source, done => progress?.Report(new BackupProgress(phase, done, size))).CopyToAsync(hashing, 1 << 20, cancellationToken);
        }

        var length = new FileInfo(path).Length;
        if (length != size || Convert.ToHexStringLower(sha.Hash!) != sha256)
        {
            throw new BackupException($"{key} at '{location.Name}' is damaged: its size or SHA-256 differs from the backup's index. Restore from another location.");
        }
    }
}
