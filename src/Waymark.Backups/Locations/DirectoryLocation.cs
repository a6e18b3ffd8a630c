using System.Runtime.CompilerServices;

namespace Waymark.Backups.Locations;

/// <summary>
/// A local or mounted folder. An object is written to a hidden temporary file, flushed to disk and renamed into place,
/// so a crash or a full disk never leaves a partial backup under a real name.
/// </summary>
internal sealed class DirectoryLocation : IBackupLocation
{
    private const string PartialSuffix = ".partial";

    private readonly string _root;

    public DirectoryLocation(string name, BackupLocationOptions options)
    {
        Name = name;
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new BackupLocationException($"Backup location '{name}' is a directory without a path: set Waymark:Backups:Locations:{name}:Path.");
        }

        _root = Path.GetFullPath(options.Path);
    }

    public string Name { get; }

    public string Describe() => $"directory {_root}";

    public async Task PutAsync(string key, Stream content, long length, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var partial = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + PartialSuffix);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, 1 << 20, cancellationToken);
                if (file.Length != length)
                {
                    throw new BackupLocationException($"Backup location '{Name}' received {file.Length} bytes for {key}, expected {length}.");
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(partial);
            throw new BackupLocationException($"Backup location '{Name}' ({Describe()}) could not store {key}: {e.Message} Check that the folder exists, is writable by Waymark and has space.", e);
        }
        catch
        {
            TryDelete(partial);
            throw;
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BackupLocationException($"Backup location '{Name}' ({Describe()}) has no {key}.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupLocationException($"Backup location '{Name}' ({Describe()}) could not read {key}: {e.Message}", e);
        }
    }

    public async IAsyncEnumerable<BackupObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (file.EndsWith(PartialSuffix, StringComparison.Ordinal) || !key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(file);
            yield return new BackupObject(key, info.Length, info.LastWriteTimeUtc);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing to delete.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BackupLocationException($"Backup location '{Name}' ({Describe()}) could not delete {key}: {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    /// <summary>Keys are produced by Waymark, but a key that escapes the folder is refused all the same.</summary>
    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BackupLocationException($"'{key}' is not a key inside backup location '{Name}'.");
        }

        return path;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: ListAsync skips a leftover partial file.
        }
    }
}
