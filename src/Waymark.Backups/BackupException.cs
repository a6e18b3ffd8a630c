namespace Waymark.Backups;

/// <summary>A backup, verification or restore could not be done; the message says why and what to do, and holds no personal data or secret.</summary>
public sealed class BackupException : Exception
{
    public BackupException(string message)
        : base(message)
    {
    }

    public BackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BackupException()
    {
    }
}
