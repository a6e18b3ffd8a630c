namespace Waymark.Backups.Running;

/// <summary>What one backup run achieved: its id, the state, and per location whether the copy was stored (with the reason when not).</summary>
internal sealed record BackupOutcome(string BackupId, string State, long Size, string? Sha256, long TotalRows, IReadOnlyList<CopyOutcome> Copies, string? Error)
{
    public bool Stored => Copies.Any(c => c.Error is null);
}

internal sealed record CopyOutcome(string Location, string? Error);
