using Microsoft.Extensions.Options;

namespace Waymark.Backups.Locations;

/// <summary>The configured locations (<c>Waymark:Backups:Locations</c>), built once each.</summary>
internal sealed class BackupLocations(IOptions<BackupOptions> options) : IDisposable
{
    private readonly Lazy<IReadOnlyList<IBackupLocation>> _all = new(() => options.Value.Locations.Select(l => Create(l.Key, l.Value)).ToList());

    public bool Configured => options.Value.Locations.Count > 0;

    public IReadOnlyList<IBackupLocation> All => Configured
        ? _all.Value
        : throw new BackupException(
            "No backup location is configured. Add at least one under Waymark:Backups:Locations, for example Waymark:Backups:Locations:local:Type=directory and Waymark:Backups:Locations:local:Path=/mnt/backups.");

    /// <summary>Every location, or the one named by <paramref name="name"/> (as given to <c>--to</c> or <c>--from</c>).</summary>
    public IReadOnlyList<IBackupLocation> Select(string? name)
    {
        if (name is null)
        {
            return All;
        }

        return All.FirstOrDefault(l => l.Name == name) is { } location
            ? [location]
            : throw new BackupException($"There is no backup location '{name}'. Configured: {string.Join(", ", All.Select(l => l.Name))}.");
    }

    public void Dispose()
    {
        if (_all.IsValueCreated)
        {
            foreach (var location in _all.Value.OfType<IDisposable>())
            {
                location.Dispose();
            }
        }
    }

    /// <remarks>
    /// A location with wrong settings becomes a <see cref="MisconfiguredLocation"/> rather than an error here: thrown here,
    /// it would stop every backup from reaching the locations that are set up right.
    /// </remarks>
    private static IBackupLocation Create(string name, BackupLocationOptions location)
    {
        try
        {
            return location.Type.ToLowerInvariant() switch
            {
                "directory" => new DirectoryLocation(name, location),
                "s3" => new S3Location(name, location),
                _ => throw new BackupLocationException($"Backup location '{name}' has type '{location.Type}'; use 'directory' or 's3' (Waymark:Backups:Locations:{name}:Type)."),
            };
        }
        catch (BackupLocationException e)
        {
            return new MisconfiguredLocation(name, e.Message);
        }
    }
}
