using Waymark.Backups.Schema;

namespace Waymark.Backups.Running;

/// <summary>A backup run as the API, CLI and dashboard show it.</summary>
internal sealed record RunView(
    string BackupId,
    string Trigger,
    string State,
    string Phase,
    long BytesDone,
    long BytesTotal,
    long Size,
    string? Sha256,
    long TotalRows,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<CopyView> Copies,
    IReadOnlyList<CheckView> Checks)
{
    public static RunView From(RunRow run, IEnumerable<CopyRow> copies, IEnumerable<CheckRow> checks) => new(
        run.BackupId,
        run.Trigger,
        run.State,
        run.Phase,
        run.BytesDone,
        run.BytesTotal,
        run.Size,
        run.Sha256,
        run.TotalRows,
        run.Error,
        DateTimeOffset.FromUnixTimeMilliseconds(run.CreatedAt),
        run.StartedAt is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
        run.FinishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
        copies.Select(c => new CopyView(c.Location, c.State, c.Error, DateTimeOffset.FromUnixTimeMilliseconds(c.FinishedAt))).ToList(),
        checks.Select(c => new CheckView(c.Location, c.Outcome, c.Detail, DateTimeOffset.FromUnixTimeMilliseconds(c.CheckedAt), c.DurationMs)).ToList());

    /// <summary>0–100, for progress bars.</summary>
    public int Percent => State is BackupStates.Running && BytesTotal > 0 ? (int)Math.Clamp(BytesDone * 100 / BytesTotal, 0, 100) : State is BackupStates.Queued ? 0 : 100;
}

internal sealed record CopyView(string Location, string State, string? Error, DateTimeOffset FinishedAt);

internal sealed record CheckView(string Location, string Outcome, string? Detail, DateTimeOffset CheckedAt, long DurationMs);
