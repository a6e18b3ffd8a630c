using System.Runtime.CompilerServices;

namespace Waymark.Backups.Locations;

/// <summary>
/// Stands in for a location whose settings are wrong (an S3 location without a bucket, a directory without a path):
/// every use fails with what to set, so that backups still reach the other locations and the reason is recorded and
/// shown where this location's copies and checks are.
/// </summary>
internal sealed class MisconfiguredLocation(string name, string reason) : IBackupLocation
{
    public string Name => name;

    public string Describe() => "not usable: " + reason;

    public Task PutAsync(string key, Stream content, long length, CancellationToken cancellationToken) => Task.FromException(Failure());

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => Task.FromException<Stream>(Failure());

    public async IAsyncEnumerable<BackupObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.FromException(Failure());
        yield break;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.FromException(Failure());

    private BackupLocationException Failure() => new(reason);
}
