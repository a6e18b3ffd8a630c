using Waymark.Backups.Age;

namespace Waymark.Backups.Encryption;

/// <summary>Reads the identity file that decrypts backups (given to <c>verify</c> and <c>restore</c>, or configured for the worker's checks).</summary>
internal static class BackupIdentities
{
    public static async Task<IReadOnlyList<AgeIdentity>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await AgeIdentity.ReadFileAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is AgeException or IOException or UnauthorizedAccessException)
        {
            throw new BackupException($"Could not read the identity file {path}: {e.Message} Give the file written by 'waymark backup keygen' or age-keygen.", e);
        }
    }
}
