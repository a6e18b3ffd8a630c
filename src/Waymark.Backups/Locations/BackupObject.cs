namespace Waymark.Backups.Locations;

/// <summary>One stored object as a location lists it.</summary>
internal sealed record BackupObject(string Key, long Length, DateTimeOffset LastModified);
