using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Ingest.Calls;

namespace Waymark.Ingest.Api;

/// <summary>
/// The tracking API: Segment's <c>/v1/identify|track|page|screen|group|alias|batch</c> and Userpilot's
/// <c>/v1/identify</c>, <c>/v1/track</c> and <c>/v1/companies/identify</c>, all answered only after the commit.
/// </summary>
internal static class IngestEndpoints
{
    public static void MapIngestEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Ingest").RequirePermission(Permissions.EventsWrite).RequireCors(BrowserClients.CorsPolicy);
        group.MapPost("/identify", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, IsUserpilot(c) ? CallShape.UserpilotIdentify : CallShape.Identify))
            .WithSummary("Identify a user (Segment shape, or Userpilot's {user_id, metadata, company})");
        group.MapPost("/track", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, IsUserpilot(c) ? CallShape.UserpilotTrack : CallShape.Track))
            .WithSummary("Record an event (Segment shape, or Userpilot's {user_id, event_name, metadata})");
        group.MapPost("/page", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, CallShape.Page)).WithSummary("Record a page view");
        group.MapPost("/screen", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, CallShape.Screen)).WithSummary("Record a screen view");
        group.MapPost("/group", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, CallShape.Group)).WithSummary("Associate a user with a company");
        group.MapPost("/alias", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, CallShape.Alias)).WithSummary("Link a previous id to a user");
        group.MapPost("/batch", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, CallShape.Batch)).WithSummary("Send up to 2,500 calls at once; all or nothing");
        group.MapPost("/import", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, CallShape.Batch)).WithSummary("Alias of /v1/batch, as Segment offers it");
        group.MapPost("/companies/identify", (HttpContext c, IngestPipeline p) => HandleAsync(c, p, CallShape.UserpilotCompany))
            .WithSummary("Identify a company (Userpilot's {company_id, metadata})");
    }

    /// <summary>Userpilot clients send server keys as <c>Authorization: Token</c>; Segment clients use Basic.</summary>
    private static bool IsUserpilot(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Token ", StringComparison.OrdinalIgnoreCase);

    private static async Task<Results<Ok<IngestAccepted>, Accepted<IngestAccepted>, ProblemHttpResult>> HandleAsync(HttpContext context, IngestPipeline pipeline, CallShape shape)
    {
        var body = await BufferedBody.ReadAsync(context, IngestLimits.MaxRequestBytes);
        if (body.TooLarge)
        {
            return pipeline.Reject(Problems.Create(StatusCodes.Status413PayloadTooLarge, "request-too-large", "Request too large", $"A request may carry at most {IngestLimits.MaxRequestBytes / 1024} KB. Send fewer calls per batch."), 1);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Memory, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return pipeline.Reject(Problems.BadRequest("malformed-json", "Malformed JSON", "The body is not valid JSON. Send a UTF-8 JSON object with Content-Type: application/json."), 1);
        }

        using (document)
        {
            (var problem, shape) = await pipeline.AcceptAsync(context, shape, document.RootElement);
            if (problem is not null)
            {
                return problem;
            }
        }

        return shape is CallShape.UserpilotIdentify or CallShape.UserpilotTrack or CallShape.UserpilotCompany
            ? TypedResults.Accepted((string?)null, IngestAccepted.Instance)
            : TypedResults.Ok(IngestAccepted.Instance);
    }
}

/// <summary>The body of a successful ingest answer, as Segment's API gives it.</summary>
internal sealed record IngestAccepted(bool Success)
{
    public static readonly IngestAccepted Instance = new(true);
}
