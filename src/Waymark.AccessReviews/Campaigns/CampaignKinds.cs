namespace Waymark.AccessReviews.Campaigns;

/// <summary>Why a campaign was started.</summary>
internal static class CampaignKinds
{
    /// <summary>Every member's role and every working key, on the workspace's schedule (every three months by default).</summary>
    public const string Quarterly = "quarterly";

    /// <summary>The access a new member was given: their role and the keys they created since.</summary>
    public const string Onboarding = "onboarding";

    /// <summary>That a former member's keys, sessions and single sign-on no longer let them in.</summary>
    public const string Offboarding = "offboarding";

    /// <summary>Like quarterly, started by a reviewer.</summary>
    public const string Manual = "manual";

    public static IReadOnlyList<string> All { get; } = [Quarterly, Onboarding, Offboarding, Manual];
}

/// <summary>What a campaign item reviews.</summary>
internal static class ItemKinds
{
    public const string Member = "member";

    public const string Key = "key";

    public const string OffboardingKeys = "offboarding-keys";

    public const string OffboardingSessions = "offboarding-sessions";

    public const string OffboardingSso = "offboarding-sso";

    public static bool IsOffboardingCheck(string kind) => kind.StartsWith("offboarding-", StringComparison.Ordinal);
}

/// <summary>The campaign states; stored as times, see <see cref="Schema.CampaignRow"/>.</summary>
internal static class CampaignStates
{
    public const string Open = "open";

    public const string Overdue = "overdue";

    public const string Completed = "completed";

    public static IReadOnlyList<string> All { get; } = [Open, Overdue, Completed];
}
