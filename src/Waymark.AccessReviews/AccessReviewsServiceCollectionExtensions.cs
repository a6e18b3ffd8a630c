using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Waymark.AccessReviews.Campaigns;
using Waymark.AccessReviews.Evidence;
using Waymark.AccessReviews.Http;
using Waymark.AccessReviews.Schema;
using Waymark.AccessReviews.Scheduling;
using Waymark.Accounts.Members;
using Waymark.Storage;

namespace Waymark.AccessReviews;

/// <summary>
/// Access reviews: campaigns in which a reviewer confirms or revokes each member's role and each key, started every
/// quarter (configurable), when a member joins and when one leaves; overdue campaigns raise an incident; each campaign
/// exports as CSV evidence.
/// </summary>
public static class AccessReviewsServiceCollectionExtensions
{
    /// <summary>The campaigns' tables and stores; every role registers them so that <c>migrate</c> knows the tables.</summary>
    public static IServiceCollection AddWaymarkAccessReviews(this IServiceCollection services)
    {
        services.AddFeatureSchema(AccessReviewContexts.Schema);
        services.AddOptions<AccessReviewOptions>().BindConfiguration(AccessReviewOptions.Section)
            .Validate(o => o.PollInterval > TimeSpan.Zero, "Waymark:AccessReviews:PollInterval must be positive.")
            .Validate(o => o.EveryMonths is >= 1 and <= ReviewSchedules.MaxEveryMonths, "Waymark:AccessReviews:EveryMonths must be 1 to 12.")
            .Validate(
                o => new[] { o.PeriodicDueDays, o.ManualDueDays, o.OnboardingDueDays, o.OffboardingDueDays }.All(d => d is >= 1 and <= ReviewSchedules.MaxDueDays),
                "Waymark:AccessReviews due days must be 1 to 90.")
            .ValidateOnStart();
        services.AddMemberAccessFacts();
        services.TryAddSingleton<AccessReviewContexts>();
        services.TryAddSingleton<OffboardingChecks>();
        services.TryAddSingleton<CampaignItems>();
        services.TryAddSingleton<CampaignStore>();
        services.TryAddSingleton<ReviewDecisions>();
        services.TryAddSingleton<ReviewSchedules>();
        services.TryAddSingleton<WorkspaceCreation>();
        services.TryAddSingleton<EvidenceExport>();
        return services;
    }

    /// <summary>The scheduler that starts quarterly, onboarding and offboarding campaigns and marks overdue ones (worker role).</summary>
    public static IServiceCollection AddWaymarkAccessReviewWorker(this IServiceCollection services)
    {
        services.TryAddSingleton<PeriodicCampaigns>();
        services.TryAddSingleton<MembershipTriggers>();
        services.TryAddSingleton<OverdueCampaigns>();
        services.TryAddSingleton<AccessReviewWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessReviewWorker>());
        return services;
    }

    /// <summary><c>/v1/access-reviews…</c>.</summary>
    public static IEndpointRouteBuilder MapAccessReviewEndpoints(this IEndpointRouteBuilder routes) => routes.MapAccessReviewApi();
}
