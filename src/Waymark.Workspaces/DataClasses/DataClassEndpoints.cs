using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Workspaces.DataClasses;

internal static class DataClassEndpoints
{
    private const int MaxChangesPerRequest = 500;

    public static void MapDataClassEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/data-classes").WithTags("Data classification");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.DataRead);
        group.MapPut("/", PutAsync).RequirePermission(Permissions.SettingsManage);
    }

    private static async Task<Ok<DataClassesResponse>> GetAsync(HttpContext context, DataClassStore store)
    {
        var map = await store.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        return TypedResults.Ok(DataClassesResponse.From(map));
    }

    private static async Task<Results<Ok<DataClassesResponse>, ProblemHttpResult>> PutAsync(DataClassesRequest? request, HttpContext context, DataClassStore store)
    {
        var classes = request?.Classes ?? [];
        if (classes.Count == 0 && request?.HipaaMode is null)
        {
            return Problems.BadRequest("invalid-data-classes", "No classes given", "Send {\"classes\": {\"plan\": \"public\"}} with one or more keys, each public, personal or phi, and/or {\"hipaa_mode\": true}.");
        }

        if (classes.Count > MaxChangesPerRequest)
        {
            return Problems.BadRequest("invalid-data-classes", "Too many keys", $"Classify at most {MaxChangesPerRequest} keys per request.");
        }

        var invalid = classes.Keys.Where(k => !DataClassStore.IsValidKey(k)).Take(1).Any();
        if (invalid)
        {
            return Problems.BadRequest("invalid-data-classes", "Invalid key name", "Key names are 1 to 200 characters without control characters.");
        }

        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var caller = Caller.From(context);
        if (request?.HipaaMode is { } hipaaMode)
        {
            await store.SetHipaaModeAsync(caller, workspaceId, hipaaMode, context.RequestAborted);
        }

        if (classes.Count > 0)
        {
            await store.SetAsync(caller, workspaceId, classes, context.RequestAborted);
        }

        return TypedResults.Ok(DataClassesResponse.From(await store.GetAsync(workspaceId, context.RequestAborted)));
    }
}

internal sealed record DataClassesRequest(
    [property: JsonPropertyName("classes")] Dictionary<string, DataClass>? Classes,
    [property: JsonPropertyName("hipaa_mode")] bool? HipaaMode);

internal sealed record DataClassesResponse(
    [property: JsonPropertyName("classes")] IReadOnlyDictionary<string, DataClass> Classes,
    [property: JsonPropertyName("default")] DataClass Default,
    [property: JsonPropertyName("hipaa_mode")] bool HipaaMode)
{
    public static DataClassesResponse From(DataClassMap map) =>
        new(map.Explicit.OrderBy(x => x.Key, StringComparer.Ordinal).ToDictionary(x => x.Key, x => x.Value), map.Default, map.HipaaMode);
}
