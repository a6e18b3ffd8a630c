using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Audit;
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

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUserAsync(string userId, HttpContext context, KeyRing keyRing, SubjectReader reader, IAuditLog audit)
    {
        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        await SubjectReadAudit.RecordReadAsync(context, audit, "user", workspace.HashSubject(SubjectKind.User, userId), "profile");
        var user = await reader.FindUserAsync(workspace, userId, SubjectReadAudit.IncludesPhi(context), context.RequestAborted);
        if (user is null)
        {
            return Problems.NotFound("User");
        }

        await SubjectReadAudit.RecordPhiReadAsync(context, audit, "user", workspace.HashSubject(SubjectKind.User, userId), "profile", user.DisclosedPhi);
        return TypedResults.Ok(user);
    }

    private static async Task<Results<Ok<EventPage>, ProblemHttpResult>> GetEventsAsync(string userId, int? limit, string? cursor, HttpContext context, KeyRing keyRing, SubjectReader reader, IAuditLog audit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("invalid-limit", "Invalid limit", $"'limit' is a number from 1 to {MaxLimit}.");
        }

        if (!PageCursor.TryDecode(cursor, out var position))
        {
            return Problems.BadRequest("invalid-cursor", "Invalid cursor", "Pass back the 'next_cursor' of the previous page unchanged, or no cursor for the first page.");
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        await SubjectReadAudit.RecordReadAsync(context, audit, "user", workspace.HashSubject(SubjectKind.User, userId), "events");
        var page = await reader.ReadEventsAsync(workspace, userId, limit ?? DefaultLimit, position ?? 0, SubjectReadAudit.IncludesPhi(context), context.RequestAborted);
        if (page is null)
        {
            return Problems.NotFound("User");
        }

        await SubjectReadAudit.RecordPhiReadAsync(context, audit, "user", workspace.HashSubject(SubjectKind.User, userId), "events", page.DisclosedPhi);
        return TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<CompanyResponse>, ProblemHttpResult>> GetCompanyAsync(string companyId, HttpContext context, KeyRing keyRing, SubjectReader reader, IAuditLog audit)
    {
        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        await SubjectReadAudit.RecordReadAsync(context, audit, "company", workspace.HashSubject(SubjectKind.Company, companyId), "profile");
        var company = await reader.FindCompanyAsync(workspace, companyId, SubjectReadAudit.IncludesPhi(context), context.RequestAborted);
        if (company is null)
        {
            return Problems.NotFound("Company");
        }

        await SubjectReadAudit.RecordPhiReadAsync(context, audit, "company", workspace.HashSubject(SubjectKind.Company, companyId), "profile", company.DisclosedPhi);
        return TypedResults.Ok(company);
    }

    private static async Task<Results<Ok<UserSearchResponse>, ProblemHttpResult>> SearchUsersAsync(string? trait, string? value, HttpContext context, KeyRing keyRing, SubjectReader reader, IAuditLog audit)
    {
        if (string.IsNullOrEmpty(trait) || string.IsNullOrEmpty(value))
        {
            return Problems.BadRequest("invalid-search", "Missing search terms", "Search with ?trait=email&value=... : an exact match on one trait (case and surrounding spaces ignored).");
        }

        var workspace = await keyRing.GetWorkspaceAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        var found = await reader.SearchAsync(workspace, trait, value, SubjectReadAudit.IncludesPhi(context), context.RequestAborted);
        var details = new Dictionary<string, string> { ["what"] = "search", ["trait"] = trait.Length <= 200 ? trait : trait[..200], ["results"] = found.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.PersonalDataRead, AuditOutcome.Success, "users", null, details), context.RequestAborted);
        await Task.WhenAll(found.Select(u => SubjectReadAudit.RecordPhiReadAsync(context, audit, "user", workspace.HashSubject(SubjectKind.User, u.UserId), "search", u.DisclosedPhi)));
        return TypedResults.Ok(new UserSearchResponse(found));
    }
}
