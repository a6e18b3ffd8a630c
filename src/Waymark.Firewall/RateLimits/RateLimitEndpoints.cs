using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Firewall.RateLimits;

/// <summary><c>GET</c> and <c>PUT /v1/firewall/rate-limits</c>: the workspace's own request limits per minute.</summary>
internal static class RateLimitEndpoints
{
    private const int MaxBodyBytes = 1024;

    private static readonly string[] Fields = ["write_key_per_minute", "server_key_per_minute", "workspace_per_minute"];

    private static readonly string Shape =
        $"Send {{\"write_key_per_minute\": 6000, \"server_key_per_minute\": null, \"workspace_per_minute\": null}}: each field a whole number of requests per minute from {RateLimitSettings.MinPerMinute} to {RateLimitSettings.MaxPerMinute}, or null for the instance default.";

    public static IEndpointRouteBuilder MapRateLimitEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/firewall/rate-limits").WithTags("Firewall");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.WorkspaceView)
            .WithSummary("The workspace's request limits per minute (null: the instance default) and the instance defaults");
        group.MapPut("/", PutAsync).RequirePermission(Permissions.SettingsManage)
            .WithSummary("Set the limits per write key, per server key and for the whole workspace; null restores the default");
        return routes;
    }

    private static async Task<Ok<RateLimitsResponse>> GetAsync(HttpContext context, RateLimitSettings settings) =>
        TypedResults.Ok(RateLimitsResponse.From(await settings.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted), settings.Defaults));

    private static async Task<Results<Ok<RateLimitsResponse>, ProblemHttpResult>> PutAsync(HttpContext context, RateLimitSettings settings)
    {
        var body = await BufferedBody.ReadAsync(context, MaxBodyBytes);
        if (body.TooLarge || TryRead(body.Memory) is not { } limits)
        {
            return Problems.BadRequest("invalid-rate-limits", "Invalid rate limits", Shape);
        }

        var outcome = await settings.SetAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), limits, context.RequestAborted);
        return outcome.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(RateLimitsResponse.From(outcome.Value!, settings.Defaults));
    }

    /// <summary>Reads the three limits; each must be present (a missing field is an error, not "default").</summary>
    private static WorkspaceRateLimits? TryRead(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var values = new int?[Fields.Length];
            for (var i = 0; i < Fields.Length; i++)
            {
                if (!document.RootElement.TryGetProperty(Fields[i], out var value))
                {
                    return null;
                }

                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                {
                    values[i] = number;
                }
                else if (value.ValueKind != JsonValueKind.Null)
                {
                    return null;
                }
            }

            return new WorkspaceRateLimits(values[0], values[1], values[2]);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record RateLimitsResponse(
    [property: JsonPropertyName("write_key_per_minute")] int? WriteKeyPerMinute,
    [property: JsonPropertyName("server_key_per_minute")] int? ServerKeyPerMinute,
    [property: JsonPropertyName("workspace_per_minute")] int? WorkspacePerMinute,
    [property: JsonPropertyName("defaults")] RateLimitDefaults Defaults)
{
    public static RateLimitsResponse From(WorkspaceRateLimits limits, RateLimitOptions defaults) =>
        new(limits.WriteKeyPerMinute, limits.ServerKeyPerMinute, limits.WorkspacePerMinute,
            new RateLimitDefaults(defaults.WriteKeyPerMinute, defaults.ServerKeyPerMinute, defaults.WorkspacePerMinute, defaults.AddressPerMinute));
}

/// <summary>The instance's limits, which apply where the workspace sets none; the address limit is not per workspace.</summary>
internal sealed record RateLimitDefaults(
    [property: JsonPropertyName("write_key_per_minute")] int WriteKeyPerMinute,
    [property: JsonPropertyName("server_key_per_minute")] int ServerKeyPerMinute,
    [property: JsonPropertyName("workspace_per_minute")] int WorkspacePerMinute,
    [property: JsonPropertyName("address_per_minute")] int AddressPerMinute);
