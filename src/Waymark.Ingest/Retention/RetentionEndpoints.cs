using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Ingest.Retention;

/// <summary><c>GET</c> and <c>PUT /v1/retention</c>: how many days the workspace keeps its events.</summary>
internal static class RetentionEndpoints
{
    private const int MaxBodyBytes = 1024;

    private const string Shape = "Send {\"event_retention_days\": 30} to keep events for 1 to 3650 days, or {\"event_retention_days\": null} to keep them forever.";

    public static IEndpointRouteBuilder MapRetentionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/retention").WithTags("Data subjects");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.WorkspaceView)
            .WithSummary("How many days events are kept (null: forever) and when the last daily purge began");
        group.MapPut("/", PutAsync).RequirePermission(Permissions.SettingsManage)
            .WithSummary("Keep events for 1 to 3650 days, or forever (null); older events are purged daily by the worker");
        return routes;
    }

    private static async Task<Ok<RetentionResponse>> GetAsync(HttpContext context, RetentionSettings settings) =>
        TypedResults.Ok(RetentionResponse.From(await settings.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted)));

    private static async Task<Results<Ok<RetentionResponse>, ProblemHttpResult>> PutAsync(HttpContext context, RetentionSettings settings)
    {
        var body = await BufferedBody.ReadAsync(context, MaxBodyBytes);
        if (body.TooLarge || !TryReadDays(body.Memory, out var days))
        {
            return Problems.BadRequest("invalid-retention", "Invalid retention", Shape);
        }

        var outcome = await settings.SetAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), days, context.RequestAborted);
        return outcome.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(RetentionResponse.From(outcome.Value!));
    }

    /// <summary>Reads <c>event_retention_days</c>: a whole number, or null; a missing field is an error, not "forever".</summary>
    private static bool TryReadDays(ReadOnlyMemory<byte> body, out int? days)
    {
        days = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("event_retention_days", out var value))
            {
                return false;
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                days = number;
                return true;
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

internal sealed record RetentionResponse(
    [property: JsonPropertyName("event_retention_days")] int? EventRetentionDays,
    [property: JsonPropertyName("last_purge_at")] DateTimeOffset? LastPurgeAt)
{
    public static RetentionResponse From(EventRetention retention) => new(retention.Days, retention.LastPurgeAt);
}
