using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;

namespace Waymark.Audit.Api;

/// <summary>The audit API: the caller's workspace's entries, paged or exported. Every read is itself recorded before anything is returned.</summary>
internal static class AuditEndpoints
{
    public static void MapAuditRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Audit").RequirePermission(Permissions.AuditRead);
        group.MapGet("/audit", ListAsync).WithSummary("The workspace's audit log, newest first, filtered and paged with next_cursor");
        group.MapGet("/audit/export", ExportAsync).WithSummary("Every matching audit entry, oldest first, as CSV or NDJSON");
    }

    private static async Task<Results<Ok<AuditListResponse>, ProblemHttpResult>> ListAsync(HttpContext context, AuditQuery query, IAuditLog auditLog)
    {
        if (!AuditQueryParameters.TryReadFilter(context.Request.Query, out var filter, out var problem)
            || !AuditQueryParameters.TryReadPage(context.Request.Query, out var limit, out var cursor, out problem))
        {
            return problem!;
        }

        var page = await query.ListAsync(WorkspaceClaims.WorkspaceIdOf(context.User), filter, cursor, limit, context.RequestAborted);
        var details = new Dictionary<string, string> { ["entries"] = page.Entries.Count.ToString(CultureInfo.InvariantCulture) };
        await auditLog.RecordAsync(AuditEvents.FromRequest(context, AuditActions.AuditRead, AuditOutcome.Success, "audit-log", details: details), context.RequestAborted);
        return TypedResults.Ok(new AuditListResponse(page.Entries.Select(AuditEntryResponse.From).ToList(), page.NextCursor));
    }

    private static async Task<IResult> ExportAsync(HttpContext context, AuditQuery query, IAuditLog auditLog)
    {
        if (!AuditQueryParameters.TryReadFilter(context.Request.Query, out var filter, out var problem)
            || !AuditQueryParameters.TryReadFormat(context.Request.Query, out var format, out problem))
        {
            return problem!;
        }

        var exported = AuditEvents.FromRequest(context, AuditActions.AuditExported, AuditOutcome.Success, "audit-log", details: new Dictionary<string, string> { ["format"] = format })
            with { WorkspaceId = WorkspaceClaims.WorkspaceIdOf(context.User) };
        await AuditExport.WriteAsync(context.Response, query, auditLog, exported, filter, format, context.RequestAborted);
        return Results.Empty;
    }
}
