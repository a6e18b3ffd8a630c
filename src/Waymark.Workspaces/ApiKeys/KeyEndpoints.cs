using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Workspaces.ApiKeys;

/// <summary>The key API: list (never secrets), create a scoped server key (secret shown once), revoke, rotate the write key.</summary>
internal static class KeyEndpoints
{
    public static void MapKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/keys").WithTags("Keys").RequirePermission(Permissions.KeysManage);
        group.MapGet("/", ListAsync);
        group.MapPost("/", CreateAsync);
        group.MapDelete("/{id:long}", RevokeAsync);
        group.MapPost("/write/rotate", RotateAsync);
    }

    private static async Task<Ok<KeyListResponse>> ListAsync(HttpContext context, KeyService keys) =>
        TypedResults.Ok(new KeyListResponse((await keys.ListAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted)).Select(KeyResponse.From).ToList()));

    private static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateAsync(CreateKeyRequest? request, HttpContext context, KeyService keys)
    {
        if (request is null)
        {
            return Problems.BadRequest("invalid-key", "Missing body", "Send {\"name\": \"billing backend\", \"scopes\": [\"data:read\"], \"expires_at\": null}.");
        }

        var outcome = await keys.CreateServerKeyAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), request.Name, request.Scopes, request.ExpiresAt, context.RequestAborted);
        return outcome.Value is { } created
            ? TypedResults.Created($"/v1/keys/{created.Key.Id.ToString(CultureInfo.InvariantCulture)}", new CreatedKeyResponse(KeyResponse.From(created.Key), created.Secret))
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<KeyResponse>, ProblemHttpResult>> RevokeAsync(long id, HttpContext context, KeyService keys)
    {
        var outcome = await keys.RevokeAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted);
        return outcome.Value is { } key ? TypedResults.Ok(KeyResponse.From(key)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> RotateAsync(RotateWriteKeyRequest? request, HttpContext context, KeyService keys)
    {
        var overlap = TimeSpan.FromHours(request?.OverlapHours ?? 24);
        var outcome = await keys.RotateWriteKeyAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), overlap, context.RequestAborted);
        return outcome.Value is { } created
            ? TypedResults.Created($"/v1/keys/{created.Key.Id.ToString(CultureInfo.InvariantCulture)}", new CreatedKeyResponse(KeyResponse.From(created.Key), created.Secret))
            : outcome.Refusal!.ToProblem();
    }
}

internal sealed record CreateKeyRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("scopes")] List<string>? Scopes,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt);

internal sealed record RotateWriteKeyRequest([property: JsonPropertyName("overlap_hours")] double? OverlapHours);

internal sealed record KeyListResponse([property: JsonPropertyName("keys")] IReadOnlyList<KeyResponse> Keys);

internal sealed record CreatedKeyResponse(
    [property: JsonPropertyName("key")] KeyResponse Key,
    [property: JsonPropertyName("secret")] string Secret);

internal sealed record KeyResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("created_by")] string? CreatedBy,
    [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt,
    [property: JsonPropertyName("last_used_at")] DateTimeOffset? LastUsedAt,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt)
{
    public static KeyResponse From(KeyView key) => new(
        key.Id, key.Kind == ApiKeyKind.Write ? "write" : "server", key.Name, key.Prefix, key.Scopes, key.State, key.CreatedAt, key.CreatedBy, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
}
