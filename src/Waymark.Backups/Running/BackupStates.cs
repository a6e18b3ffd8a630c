namespace Waymark.Backups.Running;

/// <summary>The states of a run and of a check, as stored and shown.</summary>
internal static class BackupStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";

    /// <summary>Stored at some locations but not all.</summary>
    public const string Partial = "partial";
    public const string Failed = "failed";

    public const string Stored = "stored";

    public const string Passed = "passed";

    /// <summary>The stored file matched its hash; no identity was configured to restore it.</summary>
    public const string Intact = "intact";

    public const string Schedule = "schedule";
    public const string Cli = "cli";
    public const string Dashboard = "dashboard";
}
