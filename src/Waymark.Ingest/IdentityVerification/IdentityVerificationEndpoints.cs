using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Ingest.IdentityVerification;

/// <summary><c>/v1/identity-verification</c>: whether browser calls must carry a signature, and the secret that makes them.</summary>
internal static class IdentityVerificationEndpoints
{
    public static IEndpointRouteBuilder MapIdentityVerificationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/identity-verification").WithTags("Identity verification");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.WorkspaceView)
            .WithSummary("Whether browser calls naming a user must carry its signature, and whether a secret exists (never the secret)");
        group.MapPut("/", PutAsync).RequirePermission(Permissions.SettingsManage)
            .WithSummary("Turn identity verification on or off: {\"enabled\": true}; needs a secret first; audited");
        group.MapPost("/secret", RotateAsync).RequirePermission(Permissions.SettingsManage)
            .WithSummary("Create or replace the signing secret; answered once, audited; the old secret's signatures stop working");
        return routes;
    }

    private static async Task<Ok<IdentityVerificationResponse>> GetAsync(HttpContext context, IdentityVerificationSettings settings) =>
        TypedResults.Ok(IdentityVerificationResponse.From(await settings.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted)));

    private static async Task<Results<Ok<IdentityVerificationResponse>, ProblemHttpResult>> PutAsync(HttpContext context, IdentityVerificationSettings settings)
    {
        var body = await BufferedBody.ReadAsync(context, 256);
        if (body.TooLarge || !TryReadEnabled(body.Memory.Span, out var enabled))
        {
            return Problems.BadRequest("invalid-identity-verification", "Invalid setting", "Send {\"enabled\": true} or {\"enabled\": false}.");
        }

        var outcome = await settings.SetEnabledAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), enabled, context.RequestAborted);
        return outcome.Value is { } state ? TypedResults.Ok(IdentityVerificationResponse.From(state)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Ok<IdentitySecretResponse>> RotateAsync(HttpContext context, IdentityVerificationSettings settings)
    {
        var secret = await settings.RotateSecretAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new IdentitySecretResponse(secret));
    }

    private static bool TryReadEnabled(ReadOnlySpan<byte> json, out bool enabled)
    {
        enabled = false;
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("enabled", out var value)
                && value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = value.GetBoolean();
                return true;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }
}

internal sealed record IdentityVerificationResponse(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("secret_set")] bool SecretSet,
    [property: JsonPropertyName("updated_at")] DateTimeOffset? UpdatedAt)
{
    public static IdentityVerificationResponse From(IdentityVerificationState state) => new(state.Enabled, state.SecretSet, state.UpdatedAt);
}

internal sealed record IdentitySecretResponse([property: JsonPropertyName("secret")] string Secret);
