using System.Formats.Tar;
using System.IO.Pipelines;
using System.Security.Cryptography;
using Waymark.Backups.Age;

namespace Waymark.Backups.Archive;

/// <summary>
/// A backup file: a tar of <c>manifest.json</c> and the database snapshot, encrypted as one age file. The tar is
/// streamed straight into the encryption (and, on the way back, the decryption straight into the tar reader), so a
/// backup needs scratch space for the snapshot only, never for a second plain copy.
/// </summary>
internal static class BackupArchive
{
    public const string ManifestEntry = "manifest.json";

    /// <summary>Encrypts the manifest and <paramref name="databaseFile"/> to <paramref name="output"/>; answers the SHA-256 (hex) of what was written.</summary>
    public static async Task<string> WriteAsync(
        BackupManifest manifest, string databaseFile, IReadOnlyCollection<AgeRecipient> recipients, Stream output, Action<long>? plaintextProgress, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20));
        var produce = Task.Run(
            async () =>
            {
                await using var writer = pipe.Writer.AsStream();
                try
                {
                    await WriteTarAsync(manifest, databaseFile, new ProgressStream(writer, plaintextProgress), cancellationToken);
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                    throw;
                }
            },
            cancellationToken);

        using var sha = SHA256.Create();
        await using (var hashing = new CryptoStream(output, sha, CryptoStreamMode.Write, leaveOpen: true))
        await using (var reader = pipe.Reader.AsStream())
        {
            await AgeFile.EncryptAsync(reader, hashing, recipients, cancellationToken);
            await produce;
            await hashing.FlushFinalBlockAsync(cancellationToken);
        }

        return Convert.ToHexStringLower(sha.Hash!);
    }

    /// <summary>
    /// Decrypts a backup into <paramref name="directory"/> and checks the database file against the manifest. Answers
    /// the manifest and the path of the database file; throws <see cref="BackupException"/> (or <see cref="AgeException"/>
    /// for a wrong identity or damaged file) when anything does not match. Nothing extracted may be used before this returns.
    /// </summary>
    public static async Task<(BackupManifest Manifest, string DatabaseFile)> ReadAsync(
        Stream input, IReadOnlyCollection<AgeIdentity> identities, string directory, Action<long>? plaintextProgress, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 << 20, resumeWriterThreshold: 2 << 20));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decrypt = Task.Run(
            async () =>
            {
                await using var writer = pipe.Writer.AsStream();
                try
                {
                    await AgeFile.DecryptAsync(input, writer, identities, stop.Token);
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                    throw;
                }
            },
            stop.Token);

        BackupManifest? manifest = null;
        string? databaseFile = null;
        string? databaseSha = null;
        try
        {
            await using var reader = new ProgressStream(pipe.Reader.AsStream(), plaintextProgress);
            await using var tar = new TarReader(reader);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.DataStream is null)
                {
                    continue;
                }

                if (entry.Name == ManifestEntry)
                {
                    using var buffer = new MemoryStream();
                    await entry.DataStream.CopyToAsync(buffer, cancellationToken);
                    manifest = BackupManifest.FromJson(buffer.ToArray());
                }
                else if (manifest is not null ? entry.Name == manifest.DatabaseFile : IsDatabaseEntry(entry.Name))
                {
                    // A tar packed again by hand may list the database before the manifest (tar -c * sorts it first).
                    databaseFile = Path.Combine(directory, entry.Name);
                    databaseSha = await CopyHashedAsync(entry.DataStream, databaseFile, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is not AgeException)
        {
            // The decryption's own failure (wrong identity, damage) is the real cause; a tar error is only its echo.
            await stop.CancelAsync();
            try
            {
                await decrypt;
            }
            catch (AgeException)
            {
                throw;
            }
            catch (Exception)
            {
                // Stopped because the archive itself was unreadable: that is reported below.
            }

            if (e is BackupException or OperationCanceledException)
            {
                throw;
            }

            throw new BackupException("The backup decrypted but is not a readable Waymark archive: " + e.Message, e);
        }

        await decrypt;
        if (manifest is null || databaseFile is null || Path.GetFileName(databaseFile) != manifest.DatabaseFile)
        {
            throw new BackupException("The backup holds no manifest or no database: it is not a Waymark backup, or it is incomplete.");
        }

        if (databaseSha != manifest.DatabaseSha256 || new FileInfo(databaseFile).Length != manifest.DatabaseBytes)
        {
            throw new BackupException($"The database in backup {manifest.Id} does not match its manifest (SHA-256 or size differs). Use another copy of the backup.");
        }

        return (manifest, databaseFile);
    }

    private static bool IsDatabaseEntry(string name) =>
        name == Snapshots.DatabaseSnapshot.EntryNameOf(Snapshots.DatabaseSnapshot.Sqlite) || name == Snapshots.DatabaseSnapshot.EntryNameOf(Snapshots.DatabaseSnapshot.Postgres);

    /// <summary>The SHA-256 (hex) of a file, as the manifest records it.</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    private static async Task WriteTarAsync(BackupManifest manifest, string databaseFile, Stream output, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var json = manifest.ToJson();
        var manifestEntry = new PaxTarEntry(TarEntryType.RegularFile, ManifestEntry) { DataStream = new MemoryStream(json) };
        await tar.WriteEntryAsync(manifestEntry, cancellationToken);
        await using var database = new FileStream(databaseFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, manifest.DatabaseFile) { DataStream = database }, cancellationToken);
    }

    private static async Task<string> CopyHashedAsync(Stream source, string path, CancellationToken cancellationToken)
    {
        using var sha = SHA256.Create();
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
        await using (var hashing = new CryptoStream(file, sha, CryptoStreamMode.Write))
        {
            await source.CopyToAsync(hashing, 1 << 20, cancellationToken);
        }

        return Convert.ToHexStringLower(sha.Hash!);
    }
}
