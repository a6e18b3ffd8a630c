using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;

namespace Waymark.Jobs.Http;

/// <summary>The background jobs API: the caller's workspace's jobs, so a customer can poll until a job is done.</summary>
internal static class JobEndpoints
{
    private const int DefaultLimit = 50;

    public static void MapJobRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Background jobs").RequirePermission(Permissions.WorkspaceView);
        group.MapGet("/background_jobs", ListAsync).WithSummary("The workspace's background jobs, newest first, paged with next_cursor");
        group.MapGet("/background_jobs/{job_id}", GetAsync).WithSummary("One background job: status, row counts, times and row errors");
    }

    private static async Task<Results<Ok<JobListResponse>, ProblemHttpResult>> ListAsync(HttpContext context, JobQuery query)
    {
        if (!TryReadPage(context.Request.Query, out var limit, out var cursor, out var problem))
        {
            return problem!;
        }

        var page = await query.ListAsync(WorkspaceClaims.WorkspaceIdOf(context.User), cursor, limit, context.RequestAborted);
        return TypedResults.Ok(new JobListResponse(page.Jobs.Select(JobResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<Results<Ok<JobResponse>, ProblemHttpResult>> GetAsync(HttpContext context, JobQuery query, [FromRoute(Name = "job_id")] string jobId)
    {
        var job = await query.FindAsync(WorkspaceClaims.WorkspaceIdOf(context.User), jobId, context.RequestAborted);
        return job is null ? Problems.NotFound("background job") : TypedResults.Ok(JobResponse.From(job));
    }

    private static bool TryReadPage(IQueryCollection query, out int limit, out string? cursor, out ProblemHttpResult? problem)
    {
        limit = DefaultLimit;
        cursor = null;
        problem = null;
        if (query["limit"] is { Count: > 0 } limits
            && (limits.Count > 1 || !int.TryParse(limits[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > JobQuery.MaxLimit))
        {
            problem = Invalid("limit", $"a whole number from 1 to {JobQuery.MaxLimit} (default {DefaultLimit})");
            return false;
        }

        if (query["cursor"] is { Count: > 0 } cursors)
        {
            cursor = cursors[0];
            if (cursors.Count > 1 || !JobQuery.IsValidCursor(cursor))
            {
                problem = Invalid("cursor", "the 'next_cursor' of the previous page, unchanged, or nothing for the first page");
                return false;
            }
        }

        return true;
    }

    private static ProblemHttpResult Invalid(string parameter, string allowed) =>
        Problems.BadRequest(
            "invalid-job-query",
            "Invalid background jobs query parameter",
            $"The query parameter '{parameter}' must be {allowed}.",
            new Dictionary<string, object?> { ["parameter"] = parameter });
}
