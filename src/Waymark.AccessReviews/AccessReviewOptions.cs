namespace Waymark.AccessReviews;

/// <summary><c>Waymark:AccessReviews</c>: how often the worker looks for work, and how long each kind of campaign has.</summary>
internal sealed class AccessReviewOptions
{
    public const string Section = "Waymark:AccessReviews";

    /// <summary>How often the worker starts due campaigns, reads the audit stream and marks overdue campaigns.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Days to finish a periodic campaign of a workspace that has not chosen its own.</summary>
    public int PeriodicDueDays { get; set; } = 14;

    public int ManualDueDays { get; set; } = 14;

    public int OnboardingDueDays { get; set; } = 7;

    public int OffboardingDueDays { get; set; } = 7;

    /// <summary>Months between periodic campaigns of a workspace that has not chosen its own.</summary>
    public int EveryMonths { get; set; } = 3;
}
