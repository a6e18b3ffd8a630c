using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Crypto.Keys;
using Waymark.Experiences.Decision;
using Waymark.Experiences.Definitions;
using Waymark.Ingest.IdentityVerification;

namespace Waymark.Experiences.Delivery;

/// <summary><c>GET /v1/content</c>: what one user should see now, asked by the browser SDK with the write key.</summary>
internal static class ContentDeliveryEndpoints
{
    private const int MaxIdLength = 256;
    private const int MaxPathLength = 2048;

    public static IEndpointRouteBuilder MapContentApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/content", GetAsync)
            .RequirePermission(Permissions.EventsWrite)
            .RequireCors(BrowserClients.CorsPolicy)
            .WithTags("Experiences")
            .WithSummary("The flows, checklists and survey one user (user_id or anonymous_id) should see on path now, in environment");
        return routes;
    }

    private static async Task<Results<Ok<ContentAnswer>, ProblemHttpResult>> GetAsync(
        string? user_id,
        string? anonymous_id,
        string? path,
        string? environment,
        string? trigger,
        HttpContext context,
        KeyRing keys,
        IdentityVerifier identities,
        ContentDecider decider,
        ContentMetrics metrics)
    {
        if ((user_id is null) == (anonymous_id is null) || (user_id ?? anonymous_id)!.Length is 0 or > MaxIdLength)
        {
            return Problems.BadRequest("invalid-content-request", "Say who is asking", $"Send user_id (a signed-in user) or anonymous_id (a visitor), not both: up to {MaxIdLength} characters.");
        }

        environment ??= Environments.Production;
        if (!Environments.IsKnown(environment))
        {
            return Problems.BadRequest("invalid-environment", "Unknown environment", "environment is production (the default) or staging.");
        }

        if (path is { Length: > MaxPathLength } || (trigger is not null && ContentKinds.OfId(trigger) is not (ContentKind.Flow or ContentKind.Survey)))
        {
            return Problems.BadRequest("invalid-content-request", "Invalid request", $"path is the page's path (up to {MaxPathLength} characters); trigger, when given, is a flow or survey id (flw_… or srv_…).");
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        if (await identities.CheckAsync(context, workspaceId, [user_id], unattributed: false) is { } unverified)
        {
            return unverified;
        }

        var workspace = await keys.GetWorkspaceAsync(workspaceId, context.RequestAborted);
        var subject = user_id is not null ? workspace.HashSubject(SubjectKind.User, user_id) : workspace.HashSubject(SubjectKind.Anonymous, anonymous_id!);
        var started = Stopwatch.GetTimestamp();
        var answer = await decider.DecideAsync(workspaceId, subject.ToBytes(), path ?? "/", environment, trigger, context.RequestAborted);
        metrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        metrics.Decisions.Add(1, new KeyValuePair<string, object?>("shown", answer.Flows.Count + answer.Checklists.Count + answer.Surveys.Count > 0));
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(answer);
    }
}
