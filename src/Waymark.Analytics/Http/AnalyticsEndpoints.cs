using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Analytics.Queries;
using Waymark.Api;
using Waymark.Workspaces.DataClasses;

namespace Waymark.Analytics.Http;

/// <summary><c>/v1/analytics</c>: aggregate answers over public values only, each with <c>analytics:read</c>, each also as CSV.</summary>
internal static class AnalyticsEndpoints
{
    public static IEndpointRouteBuilder MapAnalyticsRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/analytics").WithTags("Analytics");
        group.MapGet("/trends", TrendsAsync).RequirePermission(Permissions.AnalyticsRead)
            .WithSummary("Events, or distinct users, per day, week or month; optionally broken down by a public property");
        group.MapGet("/funnels", FunnelAsync).RequirePermission(Permissions.AnalyticsRead)
            .WithSummary("How many users went through 2 to 8 events in order within a window");
        group.MapGet("/retention", RetentionAsync).RequirePermission(Permissions.AnalyticsRead)
            .WithSummary("Cohorts by first seen or first event, and how many came back in each later period");
        group.MapGet("/experiences", ExperiencesAsync).RequirePermission(Permissions.AnalyticsRead)
            .WithSummary("Views, completions and dismissals of every flow, checklist and survey");
        return routes;
    }

    private static async Task<Results<Ok<TrendsResponse>, ContentHttpResult, ProblemHttpResult>> TrendsAsync(HttpContext context, TrendQuery trends, AudienceResolver audiences, DataClassStore classes, TimeProvider clock)
    {
        var query = context.Request.Query;
        var events = QueryInput.Names(query, "event", 1, 5, distinct: true);
        var range = QueryInput.Range(query, clock);
        var interval = QueryInput.Interval(query, Interval.Day);
        var csv = QueryInput.Csv(query);
        var measure = QueryInput.Single(query, "measure") ?? "count";
        var breakdown = QueryInput.Single(query, "breakdown");
        if (FirstRefusal(events.Refusal, range.Refusal, interval.Refusal, csv.Refusal) is { } refusal)
        {
            return refusal.ToProblem();
        }

        if (measure is not ("count" or "users"))
        {
            return QueryInput.Invalid("measure is count (events) or users (distinct users).").ToProblem();
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        if (breakdown is not null)
        {
            if (breakdown.Length is 0 or > 200)
            {
                return QueryInput.Invalid("breakdown is the name of a public event property.").ToProblem();
            }

            var dataClass = (await classes.GetAsync(workspaceId, context.RequestAborted)).Classify(breakdown);
            if (QueryInput.BreakdownRefusal(dataClass) is { } refused)
            {
                return Problems.BadRequest(refused.Type, refused.Title, refused.Detail, new Dictionary<string, object?> { ["class"] = QueryInput.ClassName(dataClass) });
            }
        }

        var audience = await audiences.ResolveAsync(workspaceId, QueryInput.Single(query, "segment"), context.RequestAborted);
        if (audience.Value is null)
        {
            return audience.Refusal!.ToProblem();
        }

        var request = new TrendRequest(events.Value!, range.Value!, interval.Value, measure == "users", breakdown, audience.Value);
        var series = await trends.RunAsync(workspaceId, request, context.RequestAborted);
        var answer = TrendsResponse.Of(range.Value!, interval.Value, measure, breakdown, series);
        return csv.Value ? AnalyticsCsv.Trends(answer) : TypedResults.Ok(answer);
    }

    private static async Task<Results<Ok<FunnelResponse>, ContentHttpResult, ProblemHttpResult>> FunnelAsync(HttpContext context, FunnelQuery funnels, AudienceResolver audiences, TimeProvider clock)
    {
        var query = context.Request.Query;
        var steps = QueryInput.Names(query, "step", 2, 8, distinct: false);
        var range = QueryInput.Range(query, clock);
        var window = QueryInput.Number(query, "window_days", 1, 90, 14);
        var csv = QueryInput.Csv(query);
        if (FirstRefusal(steps.Refusal, range.Refusal, window.Refusal, csv.Refusal) is { } refusal)
        {
            return refusal.ToProblem();
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var audience = await audiences.ResolveAsync(workspaceId, QueryInput.Single(query, "segment"), context.RequestAborted);
        if (audience.Value is null)
        {
            return audience.Refusal!.ToProblem();
        }

        var reached = await funnels.RunAsync(workspaceId, new FunnelRequest(steps.Value!, range.Value!, window.Value, audience.Value), context.RequestAborted);
        var answer = FunnelResponse.Of(range.Value!, window.Value, reached);
        return csv.Value ? AnalyticsCsv.Funnel(answer) : TypedResults.Ok(answer);
    }

    private static async Task<Results<Ok<RetentionResponse>, ContentHttpResult, ProblemHttpResult>> RetentionAsync(HttpContext context, RetentionQuery retention, AudienceResolver audiences, TimeProvider clock)
    {
        var query = context.Request.Query;
        var range = QueryInput.Range(query, clock);
        var interval = QueryInput.Interval(query, Interval.Week);
        var periods = QueryInput.Number(query, "periods", 1, 26, 12);
        var cohortEvent = QueryInput.OptionalName(query, "cohort_event");
        var returnEvent = QueryInput.OptionalName(query, "return_event");
        var csv = QueryInput.Csv(query);
        if (FirstRefusal(range.Refusal, interval.Refusal, periods.Refusal, cohortEvent.Refusal, returnEvent.Refusal, csv.Refusal) is { } refusal)
        {
            return refusal.ToProblem();
        }

        var cohort = QueryInput.Single(query, "cohort") ?? "first_seen";
        switch (cohort)
        {
            case "first_seen" when cohortEvent.Value is not null:
                return QueryInput.Invalid("cohort_event applies to cohort=event only: send cohort=event with it, or leave it out.").ToProblem();
            case "event" when cohortEvent.Value is null:
                return QueryInput.Invalid("cohort=event needs cohort_event, the event whose first time puts a user in a cohort.").ToProblem();
            case "first_seen" or "event":
                break;
            default:
                return QueryInput.Invalid("cohort is first_seen (when a user was first seen) or event (the first time they did cohort_event).").ToProblem();
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var audience = await audiences.ResolveAsync(workspaceId, QueryInput.Single(query, "segment"), context.RequestAborted);
        if (audience.Value is null)
        {
            return audience.Refusal!.ToProblem();
        }

        var request = new RetentionRequest(cohortEvent.Value, returnEvent.Value, interval.Value, periods.Value, range.Value!, audience.Value);
        var cohorts = await retention.RunAsync(workspaceId, request, context.RequestAborted);
        var answer = RetentionResponse.Of(interval.Value, cohort, returnEvent.Value, cohorts);
        return csv.Value ? AnalyticsCsv.Retention(answer) : TypedResults.Ok(answer);
    }

    private static async Task<Results<Ok<ExperienceResultsResponse>, ContentHttpResult, ProblemHttpResult>> ExperiencesAsync(HttpContext context, ExperienceResultsQuery results, AudienceResolver audiences, TimeProvider clock)
    {
        var query = context.Request.Query;
        var range = QueryInput.Range(query, clock);
        var csv = QueryInput.Csv(query);
        if (FirstRefusal(range.Refusal, csv.Refusal) is { } refusal)
        {
            return refusal.ToProblem();
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var audience = await audiences.ResolveAsync(workspaceId, QueryInput.Single(query, "segment"), context.RequestAborted);
        if (audience.Value is null)
        {
            return audience.Refusal!.ToProblem();
        }

        var rows = await results.RunAsync(workspaceId, range.Value!, audience.Value, clock.GetUtcNow(), context.RequestAborted);
        var answer = ExperienceResultsResponse.Of(range.Value!, rows);
        return csv.Value ? AnalyticsCsv.Experiences(answer) : TypedResults.Ok(answer);
    }

    private static Refusal? FirstRefusal(params Refusal?[] refusals) => refusals.FirstOrDefault(r => r is not null);
}
