namespace Waymark.Backups.Tests.Age;

/// <summary>A temporary directory for key and ciphertext files, deleted after the test.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("waymark-age-");

    public string PathOf(string name) => Path.Combine(_directory.FullName, name);

    public void Dispose() => _directory.Delete(recursive: true);
}
