using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Crypto.Keys;

namespace Waymark.Ingest.Deletion;

/// <summary>
/// <c>DELETE /v1/users</c> and <c>/v1/companies</c> (batches of up to 5,000 ids, Userpilot's shape), single deletes,
/// and <c>POST …/unsuppress</c>. Every deletion answers 202 with the job to poll at <c>/v1/background_jobs/{job_id}</c>.
/// </summary>
internal static class DeletionEndpoints
{
    private const int MaxBodyBytes = 2 * 1024 * 1024;

    public static IEndpointRouteBuilder MapDeletionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1").WithTags("Deletion").RequirePermission(Permissions.DataDelete);
        group.MapDelete("/users", (HttpContext c, SubjectDeletion d) => DeleteBatchAsync(c, d, SubjectKind.User))
            .WithSummary("Delete up to 5,000 users: {\"users\": [ids]}; answers 202 with the job_id to poll");
        group.MapDelete("/companies", (HttpContext c, SubjectDeletion d) => DeleteBatchAsync(c, d, SubjectKind.Company))
            .WithSummary("Delete up to 5,000 companies (not their member users): {\"companies\": [ids]}; answers 202 with the job_id");
        group.MapDelete("/users/{userId}", (string userId, HttpContext c, SubjectDeletion d) => DeleteOneAsync(c, d, SubjectKind.User, userId))
            .WithSummary("Delete one user; answers 202 with the job_id");
        group.MapDelete("/companies/{companyId}", (string companyId, HttpContext c, SubjectDeletion d) => DeleteOneAsync(c, d, SubjectKind.Company, companyId))
            .WithSummary("Delete one company; answers 202 with the job_id");
        group.MapPost("/users/{userId}/unsuppress", (string userId, HttpContext c, SubjectDeletion d) => UnsuppressAsync(c, d, SubjectKind.User, userId))
            .WithSummary("Accept events for a deleted user again");
        group.MapPost("/companies/{companyId}/unsuppress", (string companyId, HttpContext c, SubjectDeletion d) => UnsuppressAsync(c, d, SubjectKind.Company, companyId))
            .WithSummary("Accept events for a deleted company again");
        return routes;
    }

    private static async Task<Results<Accepted<DeletionResponse>, ProblemHttpResult>> DeleteBatchAsync(HttpContext context, SubjectDeletion deletion, SubjectKind kind)
    {
        var field = kind == SubjectKind.Company ? "companies" : "users";
        var body = await BufferedBody.ReadAsync(context, MaxBodyBytes);
        if (body.TooLarge)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "request-too-large", "Request too large", $"A deletion request may carry at most {MaxBodyBytes / 1024 / 1024} MB. Send at most {SubjectIds.MaxPerRequest} ids per request.");
        }

        var example = $"Send {{\"{field}\": [\"id-1\", \"id-2\"]}} with 1 to {SubjectIds.MaxPerRequest} ids.";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.Memory);
        }
        catch (JsonException)
        {
            return Problems.BadRequest("malformed-json", "Malformed JSON", "The body is not valid JSON. " + example);
        }

        List<(string?, string?)> ids;
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return Problems.BadRequest("invalid-deletion", "No ids to delete", $"The body must be an object with a '{field}' array. " + example);
            }

            var count = array.GetArrayLength();
            if (count == 0)
            {
                return Problems.BadRequest("invalid-deletion", "No ids to delete", $"The '{field}' array is empty. " + example);
            }

            if (count > SubjectIds.MaxPerRequest)
            {
                return Problems.BadRequest("too-many-ids", "Too many ids", $"A request deletes at most {SubjectIds.MaxPerRequest} {field}; this one has {count}. Split it into several requests; nothing was deleted.");
            }

            ids = new List<(string?, string?)>(count);
            foreach (var element in array.EnumerateArray())
            {
                var id = SubjectIds.Read(element, out var error);
                ids.Add((id, error));
            }
        }

        return Accepted(await deletion.AcceptAsync(context, kind, ids));
    }

    private static async Task<Results<Accepted<DeletionResponse>, ProblemHttpResult>> DeleteOneAsync(HttpContext context, SubjectDeletion deletion, SubjectKind kind, string id)
    {
        if (SubjectIds.Check(id) is { } error)
        {
            return Problems.BadRequest("invalid-id", "Invalid id", error + " Nothing was deleted.");
        }

        return Accepted(await deletion.AcceptAsync(context, kind, [(id, null)]));
    }

    private static async Task<Results<Ok<UnsuppressResponse>, ProblemHttpResult>> UnsuppressAsync(HttpContext context, SubjectDeletion deletion, SubjectKind kind, string id)
    {
        if (SubjectIds.Check(id) is { } error)
        {
            return Problems.BadRequest("invalid-id", "Invalid id", error);
        }

        var dropped = await deletion.UnsuppressAsync(context, kind, id);
        return dropped is { } count
            ? TypedResults.Ok(new UnsuppressResponse(false, count))
            : Problems.NotFound(kind == SubjectKind.Company ? "Suppressed company" : "Suppressed user");
    }

    private static Accepted<DeletionResponse> Accepted(DeletionAccepted accepted) =>
        TypedResults.Accepted($"/v1/background_jobs/{accepted.JobId}", new DeletionResponse(accepted.JobId, "queued", accepted.TotalRows, accepted.InvalidRows));
}

internal sealed record DeletionResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("total_rows")] int TotalRows,
    [property: JsonPropertyName("failed_rows")] int FailedRows);

internal sealed record UnsuppressResponse(
    [property: JsonPropertyName("suppressed")] bool Suppressed,
    [property: JsonPropertyName("dropped_events")] long DroppedEvents);
