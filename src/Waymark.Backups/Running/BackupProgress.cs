namespace Waymark.Backups.Running;

/// <summary>How far a backup, verification or restore got: a phase in words and, where it moves bytes, how many of how many.</summary>
internal sealed record BackupProgress(string Phase, long Done, long Total);
