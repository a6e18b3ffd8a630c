using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Reading;

/// <summary>The server-side read API: a user, a user's events, a company, and search by an encrypted trait.</summary>
internal static class ReadEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static void MapReadEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Read").RequirePermission(Permissions.DataRead);
        group.MapGet("/users", SearchUsersAsync).WithSummary("Find users by an encrypted trait (equality, through the blind index)");
        group.MapGet("/users/{userId}", GetUserAsync).WithSummary("A user's traits, companies and activity");
        group.MapGet("/users/{userId}/events", GetEventsAsync).WithSummary("A user's events, oldest first, paged with next_cursor");
        group.MapGet("/companies/{companyId}", GetCompanyAsync).WithSummary("A company's traits and activity");
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUserAsync(string userId, HttpContext context, KeyRing keyRing, SubjectReader reader)
    {
        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        var user = await reader.FindUserAsync(workspace, userId, context.RequestAborted);
        return user is null ? Problems.NotFound("User") : TypedResults.Ok(user);
    }

    private static async Task<Results<Ok<EventPage>, ProblemHttpResult>> GetEventsAsync(string userId, int? limit, string? cursor, HttpContext context, KeyRing keyRing, SubjectReader reader)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("invalid-limit", "Invalid limit", $"'limit' is a number from 1 to {MaxLimit}.");
        }

        if (!EventCursor.TryDecode(cursor, out var after))
        {
            return Problems.BadRequest("invalid-cursor", "Invalid cursor", "Pass back the 'next_cursor' of the previous page unchanged, or no cursor for the first page.");
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        var page = await reader.ReadEventsAsync(workspace, userId, limit ?? DefaultLimit, after, context.RequestAborted);
        return page is null ? Problems.NotFound("User") : TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<CompanyResponse>, ProblemHttpResult>> GetCompanyAsync(string companyId, HttpContext context, KeyRing keyRing, SubjectReader reader)
    {
        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        var company = await reader.FindCompanyAsync(workspace, companyId, context.RequestAborted);
        return company is null ? Problems.NotFound("Company") : TypedResults.Ok(company);
    }

    private static async Task<Results<Ok<UserSearchResponse>, ProblemHttpResult>> SearchUsersAsync(string? trait, string? value, HttpContext context, KeyRing keyRing, SubjectReader reader)
    {
        if (string.IsNullOrEmpty(trait) || string.IsNullOrEmpty(value))
        {
            return Problems.BadRequest("invalid-search", "Missing search terms", "Search with ?trait=email&value=... : an exact match on one trait (case and surrounding spaces ignored).");
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        return TypedResults.Ok(new UserSearchResponse(await reader.SearchAsync(workspace, trait, value, context.RequestAborted)));
    }
}
