using Microsoft.Extensions.Options;

namespace Waymark.Backups.Running;

/// <summary>A private folder for one backup, check or restore, removed with everything in it when disposed.</summary>
internal sealed class ScratchSpace : IDisposable
{
    private ScratchSpace(string path) => Path = path;

    public string Path { get; }

    public static ScratchSpace Create(IOptions<BackupOptions> options, string purpose)
    {
        var root = string.IsNullOrWhiteSpace(options.Value.ScratchDirectory) ? System.IO.Path.GetTempPath() : options.Value.ScratchDirectory;
        var path = System.IO.Path.Combine(root, $"waymark-{purpose}-{Guid.NewGuid():N}");
        var directory = OperatingSystem.IsWindows()
            ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new ScratchSpace(directory.FullName);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying tool; the system's temporary folder cleanup removes it later.
        }
    }
}
