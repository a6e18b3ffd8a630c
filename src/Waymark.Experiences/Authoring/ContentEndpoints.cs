using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Experiences.Definitions;
using Waymark.Experiences.Progress;
using Waymark.Workspaces.Callers;

namespace Waymark.Experiences.Authoring;

/// <summary><c>/v1/flows</c>, <c>/v1/checklists</c> and <c>/v1/surveys</c>: authoring, versions and publishing, the same for every kind.</summary>
internal static class ContentEndpoints
{
    private const string PublishShape = "Send {\"environment\": \"production\"} or {\"environment\": \"staging\"}, with an optional \"version\" to promote (default: the draft).";

    public static IEndpointRouteBuilder MapContentEndpoints(this IEndpointRouteBuilder routes)
    {
        foreach (var kind in ContentKinds.All)
        {
            var noun = kind.Noun().ToLowerInvariant();
            var group = routes.MapGroup("/v1/" + kind.Path()).WithTags("Experiences");
            group.MapGet("/", (HttpContext c, ContentStore s) => ListAsync(kind, c, s)).RequirePermission(Permissions.WorkspaceView)
                .WithSummary($"Every {noun} of the workspace that is not archived, most recently changed first");
            group.MapPost("/", (HttpContext c, ContentStore s) => CreateAsync(kind, c, s)).RequirePermission(Permissions.ContentEdit)
                .WithSummary($"Create a {noun}; version 1 is a draft until published");
            group.MapGet("/{id}", (string id, int? version, HttpContext c, ContentStore s) => GetAsync(kind, id, version, c, s)).RequirePermission(Permissions.WorkspaceView)
                .WithSummary($"A {noun} with the definition of its draft (else latest) version, or of ?version=N");
            group.MapPut("/{id}", (string id, HttpContext c, ContentStore s) => UpdateAsync(kind, id, c, s)).RequirePermission(Permissions.ContentEdit)
                .WithSummary($"Save a {noun}: edits the draft, or starts a new draft version when none exists; live versions never change");
            group.MapPost("/{id}/publish", (string id, HttpContext c, ContentStore s) => PublishAsync(kind, id, c, s, publish: true)).RequirePermission(Permissions.ContentEdit)
                .WithSummary($"Make the draft (or a given version) of a {noun} live in staging or production; audited");
            group.MapPost("/{id}/unpublish", (string id, HttpContext c, ContentStore s) => PublishAsync(kind, id, c, s, publish: false)).RequirePermission(Permissions.ContentEdit)
                .WithSummary($"Take a {noun} off staging or production; audited");
            group.MapGet("/{id}/progress", (string id, HttpContext c, ProgressReport r) => ProgressAsync(kind, id, c, r)).RequirePermission(Permissions.AnalyticsRead)
                .WithSummary($"How many users saw, completed and dismissed a {noun}, and reached each step or did each task");
            group.MapDelete("/{id}", (string id, HttpContext c, ContentStore s) => ArchiveAsync(kind, id, c, s)).RequirePermission(Permissions.ContentEdit)
                .WithSummary($"Archive a {noun}: off every environment and out of lists; its versions and progress are kept");
        }

        return routes;
    }

    private static async Task<Ok<ContentList>> ListAsync(ContentKind kind, HttpContext context, ContentStore store) =>
        TypedResults.Ok(new ContentList(await store.ListAsync(WorkspaceClaims.WorkspaceIdOf(context.User), kind, context.RequestAborted)));

    private static async Task<Results<Created<ContentDetail>, ProblemHttpResult>> CreateAsync(ContentKind kind, HttpContext context, ContentStore store)
    {
        var body = await BufferedBody.ReadAsync(context, DefinitionReader.MaxBodyBytes);
        if (body.TooLarge)
        {
            return TooLarge();
        }

        var outcome = await store.CreateAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), kind, body.Memory, context.RequestAborted);
        return outcome.Value is { } detail
            ? TypedResults.Created($"/v1/{kind.Path()}/{detail.Content.Id}", detail)
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<ContentDetail>, ProblemHttpResult>> GetAsync(ContentKind kind, string id, int? version, HttpContext context, ContentStore store)
    {
        var detail = ContentKinds.OfId(id) == kind ? await store.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), id, version, context.RequestAborted) : null;
        return detail is null ? Refusal.NotFound(kind.Noun()).ToProblem() : TypedResults.Ok(detail);
    }

    private static async Task<Results<Ok<ContentDetail>, ProblemHttpResult>> UpdateAsync(ContentKind kind, string id, HttpContext context, ContentStore store)
    {
        if (ContentKinds.OfId(id) != kind)
        {
            return Refusal.NotFound(kind.Noun()).ToProblem();
        }

        var body = await BufferedBody.ReadAsync(context, DefinitionReader.MaxBodyBytes);
        if (body.TooLarge)
        {
            return TooLarge();
        }

        var outcome = await store.UpdateAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, body.Memory, context.RequestAborted);
        return outcome.Value is { } detail ? TypedResults.Ok(detail) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<ContentSummary>, ProblemHttpResult>> PublishAsync(ContentKind kind, string id, HttpContext context, ContentStore store, bool publish)
    {
        if (ContentKinds.OfId(id) != kind)
        {
            return Refusal.NotFound(kind.Noun()).ToProblem();
        }

        var body = await BufferedBody.ReadAsync(context, 1024);
        PublishRequest? request = null;
        try
        {
            request = body.TooLarge || body.Length == 0 ? null : JsonSerializer.Deserialize<PublishRequest>(body.Memory.Span);
        }
        catch (JsonException)
        {
        }

        if (request is null || !Environments.IsKnown(request.Environment) || (!publish && request.Version is not null))
        {
            return Problems.BadRequest("invalid-environment", "Say which environment", publish ? PublishShape : "Send {\"environment\": \"production\"} or {\"environment\": \"staging\"}.");
        }

        var caller = Caller.From(context);
        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var outcome = publish
            ? await store.PublishAsync(caller, workspaceId, id, request.Environment!, request.Version, context.RequestAborted)
            : await store.UnpublishAsync(caller, workspaceId, id, request.Environment!, context.RequestAborted);
        return outcome.Value is { } summary ? TypedResults.Ok(summary) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<ContentSummary>, ProblemHttpResult>> ArchiveAsync(ContentKind kind, string id, HttpContext context, ContentStore store)
    {
        if (ContentKinds.OfId(id) != kind)
        {
            return Refusal.NotFound(kind.Noun()).ToProblem();
        }

        var outcome = await store.ArchiveAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted);
        return outcome.Value is { } summary ? TypedResults.Ok(summary) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<ProgressSummary>, ProblemHttpResult>> ProgressAsync(ContentKind kind, string id, HttpContext context, ProgressReport report)
    {
        var summary = ContentKinds.OfId(id) == kind ? await report.ForAsync(WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted) : null;
        return summary is null ? Refusal.NotFound(kind.Noun()).ToProblem() : TypedResults.Ok(summary);
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "definition-too-large", "Definition too large", $"A definition may be at most {DefinitionReader.MaxBodyBytes / 1024} KB. Shorten the rich text or split the flow.");
}

internal sealed record ContentList([property: JsonPropertyName("items")] IReadOnlyList<ContentSummary> Items);

internal sealed record PublishRequest(
    [property: JsonPropertyName("environment")] string? Environment,
    [property: JsonPropertyName("version")] int? Version);
