using Waymark.Backups.Archive;

namespace Waymark.Backups.Locations;

/// <summary>The backups a location holds, read from their index files (a backup without one was never completed there).</summary>
internal static class BackupCatalog
{
    /// <summary>Every complete backup at <paramref name="location"/>, newest first.</summary>
    public static async Task<IReadOnlyList<BackupIndexEntry>> ListAsync(IBackupLocation location, CancellationToken cancellationToken)
    {
        var entries = new List<BackupIndexEntry>();
        await foreach (var item in location.ListAsync(BackupKeys.Prefix, cancellationToken))
        {
            if (BackupKeys.IdOfIndex(item.Key) is { } id)
            {
                entries.Add(await ReadIndexAsync(location, id, cancellationToken));
            }
        }

        return entries.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id, StringComparer.Ordinal).ToList();
    }

    public static async Task<BackupIndexEntry> ReadIndexAsync(IBackupLocation location, string id, CancellationToken cancellationToken)
    {
        await using var stream = await location.OpenReadAsync(BackupKeys.Index(id), cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        try
        {
            return BackupIndexEntry.FromJson(buffer.ToArray());
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new BackupLocationException($"The index of backup {id} at '{location.Name}' is not valid JSON: the copy there is damaged.", e);
        }
    }
}
