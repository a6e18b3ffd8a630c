namespace Waymark.Backups.Verification;

/// <summary>The result of checking one stored copy of one backup.</summary>
internal sealed record CheckOutcome(string BackupId, string Location, string Outcome, string? Detail, TimeSpan Duration)
{
    public bool Failed => Outcome == Running.BackupStates.Failed;
}
