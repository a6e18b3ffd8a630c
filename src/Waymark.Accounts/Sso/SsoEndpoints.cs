using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Sso;

/// <summary>The workspace's single sign-on connection for server keys with settings:manage: read, configure, remove.</summary>
internal static class SsoEndpoints
{
    public static void MapSsoApi(this IEndpointRouteBuilder routes)
    {
        var sso = routes.MapGroup("/v1/sso").WithTags("Single sign-on").RequirePermission(Permissions.SettingsManage);
        sso.MapGet("/", GetAsync);
        sso.MapPut("/", ConfigureAsync);
        sso.MapDelete("/", RemoveAsync);
    }

    private static long Workspace(HttpContext context) => WorkspaceClaims.WorkspaceIdOf(context.User);

    private static async Task<Results<Ok<SsoConnectionResponse>, ProblemHttpResult>> GetAsync(HttpContext context, SsoConnections connections, IOptions<AccountsOptions> options)
    {
        var connection = await connections.GetAsync(Workspace(context), context.RequestAborted);
        return connection is null ? SsoConnections.NotConfigured.ToProblem() : TypedResults.Ok(SsoConnectionResponse.From(connection, RedirectUri(context, options.Value)));
    }

    private static async Task<Results<Ok<SsoConnectionResponse>, ProblemHttpResult>> ConfigureAsync(SsoConnectionRequest? request, HttpContext context, SsoConnections connections, IOptions<AccountsOptions> options)
    {
        var settings = new SsoSettings(request?.Issuer, request?.ClientId, request?.ClientSecret, request?.EmailDomains, request?.DefaultRole);
        var outcome = await connections.ConfigureAsync(Caller.From(context), Workspace(context), settings, context.RequestAborted);
        return outcome.Value is { } connection ? TypedResults.Ok(SsoConnectionResponse.From(connection, RedirectUri(context, options.Value))) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(HttpContext context, SsoConnections connections)
    {
        var outcome = await connections.RemoveAsync(Caller.From(context), Workspace(context), context.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Refusal!.ToProblem();
    }

    /// <summary>The redirect URI to register at the provider: the dashboard's address, not the API's, when they differ.</summary>
    private static string RedirectUri(HttpContext context, AccountsOptions options)
    {
        var publicId = context.User.FindFirst(WorkspaceClaims.WorkspacePublicId)?.Value ?? "";
        return new Uri(options.BaseUrlFor(context.Request), SsoConnections.CallbackPath(publicId)).ToString();
    }
}

internal sealed record SsoConnectionRequest(
    [property: JsonPropertyName("issuer")] string? Issuer,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("email_domains")] List<string>? EmailDomains,
    [property: JsonPropertyName("default_role")] string? DefaultRole);

internal sealed record SsoConnectionResponse(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret_set")] bool ClientSecretSet,
    [property: JsonPropertyName("email_domains")] IReadOnlyList<string> EmailDomains,
    [property: JsonPropertyName("default_role")] string DefaultRole,
    [property: JsonPropertyName("redirect_uri")] string RedirectUri,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt)
{
    public static SsoConnectionResponse From(SsoConnectionView view, string redirectUri) =>
        new(view.Issuer, view.ClientId, view.ClientSecretSet, view.EmailDomains, view.DefaultRole, redirectUri, view.UpdatedAt);
}
