using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Firewall.AllowLists;

internal static class AllowListEndpoints
{
    public static IEndpointRouteBuilder MapAllowListEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/firewall/allow-lists").WithTags("Firewall");
        group.MapGet("/", GetAsync).RequirePermission(Permissions.WorkspaceView);
        group.MapPost("/{surface}", AddAsync).RequirePermission(Permissions.SettingsManage);
        group.MapDelete("/{surface}/{id:long}", RemoveAsync).RequirePermission(Permissions.SettingsManage);
        return routes;
    }

    private static async Task<Ok<AllowListsResponse>> GetAsync(HttpContext context, AllowListStore store)
    {
        var lists = await store.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        return TypedResults.Ok(new AllowListsResponse(lists.Dashboard.Select(AllowRuleResponse.From).ToList(), lists.Api.Select(AllowRuleResponse.From).ToList()));
    }

    private static async Task<Results<Created<AllowRuleResponse>, ProblemHttpResult>> AddAsync(string surface, AllowRuleRequest? request, HttpContext context, AllowListStore store)
    {
        if (request?.Cidr is null)
        {
            return Problems.BadRequest("invalid-cidr", "No range given", "Send {\"cidr\": \"203.0.113.0/24\", \"label\": \"office\"}; the label is optional.");
        }

        var outcome = await store.AddAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), surface, request.Cidr, request.Label, context.RequestAborted);
        return outcome.Value is { } rule
            ? TypedResults.Created($"/v1/firewall/allow-lists/{rule.Surface}/{rule.Id}", AllowRuleResponse.From(rule))
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string surface, long id, HttpContext context, AllowListStore store)
    {
        var outcome = await store.RemoveAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), surface, id, context.RequestAborted);
        return outcome.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();
    }
}

internal sealed record AllowRuleRequest(
    [property: JsonPropertyName("cidr")] string? Cidr,
    [property: JsonPropertyName("label")] string? Label);

internal sealed record AllowRuleResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("cidr")] string Cidr,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt)
{
    public static AllowRuleResponse From(AllowRule rule) => new(rule.Id, rule.Cidr, rule.Label, rule.CreatedAt);
}

internal sealed record AllowListsResponse(
    [property: JsonPropertyName("dashboard")] IReadOnlyList<AllowRuleResponse> Dashboard,
    [property: JsonPropertyName("api")] IReadOnlyList<AllowRuleResponse> Api);
