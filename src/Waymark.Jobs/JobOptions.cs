namespace Waymark.Jobs;

/// <summary>Worker settings, bound from <c>Waymark:Jobs</c>.</summary>
public sealed class JobOptions
{
    public const string Section = "Waymark:Jobs";

    /// <summary>How often an idle worker looks for jobs enqueued by other processes or left by a dead worker.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claim lasts unless renewed; the worker renews it every third of this while the handler runs.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts before a job whose handler keeps throwing is marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Jobs one worker process runs at the same time.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Row errors kept per job; further failed rows are still counted.</summary>
    public int MaxErrors { get; set; } = 1_000;
}
