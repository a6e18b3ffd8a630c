namespace Waymark.Ingest.Retention;

/// <summary>The retention schedule of worker processes, bound from <c>Waymark:Retention</c>.</summary>
internal sealed class RetentionOptions
{
    public const string Section = "Waymark:Retention";

    /// <summary>
    /// How often a worker looks for workspaces whose daily purge is due. A purge runs at most once a day per workspace
    /// whatever this is; shorter only makes a new setting take effect sooner.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);
}
