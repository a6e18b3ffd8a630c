using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Segments.Catalog;
using Waymark.Segments.Rules;
using Waymark.Segments.Sql;
using Waymark.Segments.Storage;
using Waymark.Workspaces.Callers;

namespace Waymark.Segments.Http;

/// <summary><c>/v1/segments</c>: list, read and count with <c>workspace:view</c>; create, change, delete and preview with <c>content:edit</c>.</summary>
internal static class SegmentEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    private const string BodyShape = "Send {\"name\": \"Trial admins\", \"conditions\": {\"match\": \"all\", \"rules\": [{\"type\": \"user_trait\", \"key\": \"plan\", \"op\": \"equals\", \"value\": \"trial\"}]}}.";

    public static IEndpointRouteBuilder MapSegmentRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/segments").WithTags("Segments");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.WorkspaceView)
            .WithSummary("The workspace's segments by name, each with a one-line summary of its rules");
        group.MapGet("/keys", KeysAsync).RequirePermission(Permissions.WorkspaceView)
            .WithSummary("Trait keys a segment can use, with their data class and the operators it allows");
        group.MapPost("/preview", PreviewAsync).RequirePermission(Permissions.ContentEdit)
            .WithSummary("Count the users matching unsaved conditions, and the users of the workspace");
        group.MapPost("/", CreateAsync).RequirePermission(Permissions.ContentEdit)
            .WithSummary("Create a segment");
        group.MapGet("/{id}", GetAsync).RequirePermission(Permissions.WorkspaceView)
            .WithSummary("One segment with its conditions");
        group.MapPut("/{id}", UpdateAsync).RequirePermission(Permissions.ContentEdit)
            .WithSummary("Replace a segment's name and conditions");
        group.MapDelete("/{id}", DeleteAsync).RequirePermission(Permissions.ContentEdit)
            .WithSummary("Delete a segment");
        group.MapGet("/{id}/count", CountAsync).RequirePermission(Permissions.WorkspaceView)
            .WithSummary("Count the segment's users, and the users of the workspace");
        return routes;
    }

    private static async Task<Ok<SegmentListResponse>> ListAsync(HttpContext context, SegmentStore store, SegmentCatalog catalog)
    {
        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var rows = await store.ListAsync(workspaceId, context.RequestAborted);
        var parsed = await catalog.GetAsync(workspaceId, context.RequestAborted);
        return TypedResults.Ok(new SegmentListResponse(rows.Select(r => new SegmentSummaryResponse(
            r.Id,
            r.Name,
            parsed.GetValueOrDefault(r.Id) is { Rule: { } rule } ? RuleSummary.Of(rule) : "(no longer valid: edit it)",
            DateTimeOffset.FromUnixTimeMilliseconds(r.UpdatedAt))).ToList()));
    }

    private static async Task<Ok<TraitKeyListResponse>> KeysAsync(HttpContext context, TraitKeyList keys) =>
        TypedResults.Ok(new TraitKeyListResponse((await keys.ListAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted)).Select(TraitKeyResponse.From).ToList()));

    private static async Task<Results<Ok<SegmentResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, SegmentStore store) =>
        await store.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted) is { } row
            ? TypedResults.Ok(SegmentResponse.From(row))
            : Refusal.NotFound("Segment").ToProblem();

    private static async Task<Results<Created<SegmentResponse>, ProblemHttpResult>> CreateAsync(HttpContext context, SegmentStore store)
    {
        using var body = await ReadAsync(context);
        if (body is null || !body.RootElement.TryGetProperty("conditions", out var conditions))
        {
            return Problems.BadRequest("invalid-segment", "Invalid segment", BodyShape);
        }

        var outcome = await store.CreateAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), NameOf(body.RootElement), conditions, context.RequestAborted);
        return outcome.Value is { } row ? TypedResults.Created("/v1/segments/" + row.Id, SegmentResponse.From(row)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<SegmentResponse>, ProblemHttpResult>> UpdateAsync(string id, HttpContext context, SegmentStore store)
    {
        using var body = await ReadAsync(context);
        if (body is null || !body.RootElement.TryGetProperty("conditions", out var conditions))
        {
            return Problems.BadRequest("invalid-segment", "Invalid segment", BodyShape);
        }

        var outcome = await store.UpdateAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, NameOf(body.RootElement), conditions, context.RequestAborted);
        return outcome.Value is { } row ? TypedResults.Ok(SegmentResponse.From(row)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, HttpContext context, SegmentStore store) =>
        await store.DeleteAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted)
            ? TypedResults.NoContent()
            : Refusal.NotFound("Segment").ToProblem();

    private static async Task<Results<Ok<SegmentCountResponse>, ProblemHttpResult>> CountAsync(string id, HttpContext context, SegmentCatalog catalog, SegmentCounter counter)
    {
        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var segment = await catalog.FindAsync(workspaceId, id, context.RequestAborted);
        if (segment is null)
        {
            return Refusal.NotFound("Segment").ToProblem();
        }

        if (segment.Rule is not { } rule)
        {
            var problem = segment.Problem!;
            return Refusal.Conflict("segment-invalid", "Segment no longer valid", "The workspace's data classes changed since this segment was saved. " + problem.Detail).ToProblem();
        }

        var (count, total) = await counter.CountAsync(workspaceId, rule, context.RequestAborted);
        return TypedResults.Ok(new SegmentCountResponse(count, total));
    }

    private static async Task<Results<Ok<SegmentCountResponse>, ProblemHttpResult>> PreviewAsync(HttpContext context, SegmentRules rules, SegmentCounter counter)
    {
        using var body = await ReadAsync(context);
        if (body is null || !body.RootElement.TryGetProperty("conditions", out var conditions))
        {
            return Problems.BadRequest("invalid-segment", "Invalid preview", "Send {\"conditions\": {\"match\": \"all\", \"rules\": [...]}}, the conditions of a segment as you would save them.");
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var parsed = await rules.ParseAsync(workspaceId, conditions, context.RequestAborted);
        if (parsed.Value is not { } rule)
        {
            return parsed.Refusal!.ToProblem();
        }

        var (count, total) = await counter.CountAsync(workspaceId, rule, context.RequestAborted);
        return TypedResults.Ok(new SegmentCountResponse(count, total));
    }

    private static string? NameOf(JsonElement body) =>
        body.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;

    /// <summary>The body as a JSON object, or null when it is too large, not JSON or not an object.</summary>
    private static async Task<JsonDocument?> ReadAsync(HttpContext context)
    {
        var body = await BufferedBody.ReadAsync(context, MaxBodyBytes);
        if (body.TooLarge || body.Length == 0)
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(body.Memory, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
