namespace Waymark.Backups.Locations;

/// <summary>
/// One place backups are kept: a local or mounted directory, or an S3-compatible bucket. Objects are named by plain
/// relative keys (<c>2026/11/29/wmb_….wmbak.age</c>); a location stores and returns bytes and knows nothing of what they mean.
/// </summary>
internal interface IBackupLocation
{
    /// <summary>The operator's name for the location (<c>Waymark:Backups:Locations:{name}</c>), shown in lists and errors.</summary>
    string Name { get; }

    /// <summary>What kind of place this is, for people: <c>directory /mnt/backups</c>, <c>s3 bucket/prefix at host</c>.</summary>
    string Describe();

    /// <summary>
    /// Stores <paramref name="length"/> bytes from <paramref name="content"/> under <paramref name="key"/>, replacing any
    /// object of that name. The object appears whole or not at all: a reader never sees a partial upload.
    /// </summary>
    Task PutAsync(string key, Stream content, long length, CancellationToken cancellationToken);

    /// <summary>Opens an object for reading; throws <see cref="BackupLocationException"/> when it does not exist or cannot be read.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<BackupObject> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes an object; deleting one that does not exist is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);
}
