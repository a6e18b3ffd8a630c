using System.Globalization;
using System.Text.Json.Serialization;
using Waymark.Backups.Running;
using Waymark.Backups.Scheduling;

namespace Waymark.Backups.Http;

internal sealed record BackupStatusResponse(
    [property: JsonPropertyName("configured")] bool Configured,
    [property: JsonPropertyName("scheduled")] bool Scheduled,
    [property: JsonPropertyName("daily_at")] string DailyAt,
    [property: JsonPropertyName("next_run")] DateTimeOffset? NextRun,
    [property: JsonPropertyName("retention")] RetentionResponse Retention,
    [property: JsonPropertyName("restore_checks")] bool RestoreChecks,
    [property: JsonPropertyName("locations")] IReadOnlyList<LocationResponse> Locations,
    [property: JsonPropertyName("runs")] IReadOnlyList<RunResponse> Runs)
{
    public static BackupStatusResponse From(StatusView status) => new(
        status.Configured,
        status.Scheduled,
        status.DailyAt.ToString(@"hh\:mm", CultureInfo.InvariantCulture),
        status.NextRun,
        new RetentionResponse(status.Retention.Daily, status.Retention.Weekly, status.Retention.Monthly),
        status.RestoreChecks,
        status.Locations.Select(l => new LocationResponse(l.Name, l.Description, l.LastBackupId, l.LastStoredAt, l.LastError, l.LastCheckedBackupId, l.LastCheckOutcome, l.LastCheckDetail, l.LastCheckedAt)).ToList(),
        status.Runs.Select(RunResponse.From).ToList());
}

internal sealed record RetentionResponse(
    [property: JsonPropertyName("daily")] int Daily,
    [property: JsonPropertyName("weekly")] int Weekly,
    [property: JsonPropertyName("monthly")] int Monthly);

internal sealed record LocationResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("last_backup_id")] string? LastBackupId,
    [property: JsonPropertyName("last_stored_at")] DateTimeOffset? LastStoredAt,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_checked_backup_id")] string? LastCheckedBackupId,
    [property: JsonPropertyName("last_check_outcome")] string? LastCheckOutcome,
    [property: JsonPropertyName("last_check_detail")] string? LastCheckDetail,
    [property: JsonPropertyName("last_checked_at")] DateTimeOffset? LastCheckedAt);

internal sealed record RunResponse(
    [property: JsonPropertyName("backup_id")] string BackupId,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("percent")] int Percent,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string? Sha256,
    [property: JsonPropertyName("total_rows")] long TotalRows,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("copies")] IReadOnlyList<CopyResponse> Copies,
    [property: JsonPropertyName("checks")] IReadOnlyList<CheckResponse> Checks)
{
    public static RunResponse From(RunView run) => new(
        run.BackupId,
        run.Trigger,
        run.State,
        run.Phase,
        run.Percent,
        run.Size,
        run.Sha256,
        run.TotalRows,
        run.Error,
        run.CreatedAt,
        run.StartedAt,
        run.FinishedAt,
        run.Copies.Select(c => new CopyResponse(c.Location, c.State, c.Error, c.FinishedAt)).ToList(),
        run.Checks.Select(c => new CheckResponse(c.Location, c.Outcome, c.Detail, c.CheckedAt, c.DurationMs)).ToList());
}

internal sealed record CopyResponse(
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("finished_at")] DateTimeOffset FinishedAt);

internal sealed record CheckResponse(
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("checked_at")] DateTimeOffset CheckedAt,
    [property: JsonPropertyName("duration_ms")] long DurationMs);
