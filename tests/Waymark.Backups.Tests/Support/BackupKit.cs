using Waymark.Backups.Age;
using Waymark.Backups.Encryption;
using Waymark.Backups.Tests.Age;
using Waymark.TestSupport.S3;

namespace Waymark.Backups.Tests.Support;

/// <summary>
/// What an operator sets up before the first backup: an identity made by the stock <c>age-keygen</c>, its recipient, and
/// a backup directory, all in a temporary folder deleted afterwards; and the settings that point Waymark at them, as
/// configuration keys (in-process servers) or environment variables (the real CLI).
/// </summary>
internal sealed class BackupKit : IDisposable
{
    public const string LocalName = "local";
    public const string OffsiteName = "offsite";

    private readonly DirectoryInfo _root;

    private BackupKit(DirectoryInfo root, AgeRecipientFile key)
    {
        _root = root;
        IdentityFile = key.IdentityPath;
        Recipient = key.Recipient;
    }

    public string IdentityFile { get; }

    public string Recipient { get; }

    /// <summary>The folder of the directory location <see cref="LocalName"/>.</summary>
    public string LocalPath => PathOf("local-backups");

    public static async Task<BackupKit> CreateAsync()
    {
        var root = Directory.CreateTempSubdirectory("waymark-backup-test-");
        return new BackupKit(root, await AgeCli.KeygenAsync(Path.Combine(root.FullName, "identity.txt")));
    }

    public string PathOf(string name) => Path.Combine(_root.FullName, name);

    /// <summary>A new empty folder under the kit's temporary folder.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(PathOf(name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public Task<IReadOnlyList<AgeIdentity>> IdentitiesAsync() => BackupIdentities.ReadAsync(IdentityFile, CancellationToken.None);

    /// <summary>
    /// Backups to the recipient, stored at <see cref="LocalPath"/> and, given a server, in its <paramref name="bucket"/>;
    /// the daily schedule off, so that only the tests make backups.
    /// </summary>
    public Dictionary<string, string?> Settings(S3Server? offsite = null, string bucket = "waymark-backups")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Waymark:Backups:Recipients:0"] = Recipient,
            ["Waymark:Backups:Schedule"] = "false",
            [$"Waymark:Backups:Locations:{LocalName}:Type"] = "directory",
            [$"Waymark:Backups:Locations:{LocalName}:Path"] = LocalPath,
        };
        if (offsite is not null)
        {
            settings[$"Waymark:Backups:Locations:{OffsiteName}:Type"] = "s3";
            settings[$"Waymark:Backups:Locations:{OffsiteName}:Endpoint"] = offsite.Endpoint.ToString();
            settings[$"Waymark:Backups:Locations:{OffsiteName}:Bucket"] = bucket;
            settings[$"Waymark:Backups:Locations:{OffsiteName}:AccessKeyId"] = offsite.AccessKeyId;
            settings[$"Waymark:Backups:Locations:{OffsiteName}:SecretAccessKey"] = offsite.SecretAccessKey;
            settings[$"Waymark:Backups:Locations:{OffsiteName}:ForcePathStyle"] = "true";
        }

        return settings;
    }

    /// <summary>The same settings as environment variables (<c>Waymark__Backups__Locations__local__Path</c>), for the CLI.</summary>
    public static Dictionary<string, string?> AsEnvironment(IReadOnlyDictionary<string, string?> settings) =>
        settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);

    /// <summary>The path of a stored piece of a backup at the directory location.</summary>
    public string LocalFile(string backupId, string suffix = ".age") => Path.Combine(LocalPath, "backups", backupId + suffix);

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
