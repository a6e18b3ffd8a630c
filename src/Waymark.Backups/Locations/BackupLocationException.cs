namespace Waymark.Backups.Locations;

/// <summary>
/// A location could not do what was asked. The message names the location and says what to check (path, permissions,
/// endpoint, bucket, credentials) and never contains a credential.
/// </summary>
public sealed class BackupLocationException : Exception
{
    public BackupLocationException(string message)
        : base(message)
    {
    }

    public BackupLocationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BackupLocationException()
    {
    }
}
