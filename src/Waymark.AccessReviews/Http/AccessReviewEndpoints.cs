using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.AccessReviews.Campaigns;
using Waymark.AccessReviews.Evidence;
using Waymark.AccessReviews.Scheduling;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.AccessReviews.Http;

internal static class AccessReviewEndpoints
{
    public static IEndpointRouteBuilder MapAccessReviewApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/access-reviews").WithTags("Access reviews");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.SecurityManage);
        group.MapPost("/", StartAsync).RequirePermission(Permissions.SecurityManage);
        group.MapGet("/schedule", GetScheduleAsync).RequirePermission(Permissions.SecurityManage);
        group.MapPut("/schedule", SetScheduleAsync).RequirePermission(Permissions.SecurityManage);
        group.MapGet("/{id:long}", GetAsync).RequirePermission(Permissions.SecurityManage);
        group.MapPost("/{id:long}/items/{itemId:long}/decision", DecideAsync).RequirePermission(Permissions.SecurityManage);
        group.MapGet("/{id:long}/evidence", EvidenceAsync).RequirePermission(Permissions.SecurityManage);
        return routes;
    }

    private static async Task<Results<Ok<CampaignListResponse>, ProblemHttpResult>> ListAsync(string? state, HttpContext context, CampaignStore store)
    {
        var outcome = await store.ListAsync(WorkspaceClaims.WorkspaceIdOf(context.User), state, context.RequestAborted);
        return outcome.Value is { } campaigns
            ? TypedResults.Ok(new CampaignListResponse(campaigns.Select(CampaignResponse.From).ToList()))
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Created<CampaignResponse>, ProblemHttpResult>> StartAsync(HttpContext context, CampaignStore store)
    {
        var outcome = await store.StartAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), CampaignKinds.Manual, cancellationToken: context.RequestAborted);
        return outcome.Value is { } campaign
            ? TypedResults.Created($"/v1/access-reviews/{campaign.Id}", CampaignResponse.From(campaign))
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<CampaignDetailResponse>, ProblemHttpResult>> GetAsync(long id, HttpContext context, CampaignStore store)
    {
        var detail = await store.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted);
        return detail is null ? Problems.NotFound("Access review") : TypedResults.Ok(CampaignDetailResponse.From(detail));
    }

    private static async Task<Results<Ok<ItemResponse>, ProblemHttpResult>> DecideAsync(long id, long itemId, DecisionRequest? request, HttpContext context, ReviewDecisions decisions)
    {
        if (request is null)
        {
            return Problems.BadRequest("invalid-decision", "No decision given", "Send {\"decision\": \"confirm\"} or {\"decision\": \"revoke\"}, with an optional \"note\".");
        }

        var outcome = await decisions.DecideAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, itemId, request.Decision, request.Note, context.RequestAborted);
        return outcome.Value is { } item ? TypedResults.Ok(ItemResponse.From(item)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> EvidenceAsync(long id, HttpContext context, EvidenceExport export)
    {
        var outcome = await export.ExportAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted);
        return outcome.Value is { } file
            ? TypedResults.File(Encoding.UTF8.GetBytes(file.Csv), "text/csv; charset=utf-8", file.FileName)
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Ok<ScheduleResponse>> GetScheduleAsync(HttpContext context, ReviewSchedules schedules, WorkspaceCreation creation)
    {
        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var schedule = await schedules.GetAsync(workspaceId, await creation.OfAsync(workspaceId, context.RequestAborted), context.RequestAborted);
        return TypedResults.Ok(ScheduleResponse.From(schedule));
    }

    private static async Task<Results<Ok<ScheduleResponse>, ProblemHttpResult>> SetScheduleAsync(ScheduleRequest? request, HttpContext context, ReviewSchedules schedules, WorkspaceCreation creation)
    {
        var workspaceId = WorkspaceClaims.WorkspaceIdOf(context.User);
        var outcome = await schedules.SetAsync(Caller.From(context), workspaceId, await creation.OfAsync(workspaceId, context.RequestAborted), request?.EveryMonths, request?.DueDays, context.RequestAborted);
        return outcome.Value is { } schedule ? TypedResults.Ok(ScheduleResponse.From(schedule)) : outcome.Refusal!.ToProblem();
    }
}

internal sealed record DecisionRequest(
    [property: JsonPropertyName("decision")] string? Decision,
    [property: JsonPropertyName("note")] string? Note);

internal sealed record ScheduleRequest(
    [property: JsonPropertyName("every_months")] int? EveryMonths,
    [property: JsonPropertyName("due_days")] int? DueDays);

internal sealed record ScheduleResponse(
    [property: JsonPropertyName("every_months")] int EveryMonths,
    [property: JsonPropertyName("due_days")] int DueDays,
    [property: JsonPropertyName("next_due_at")] DateTimeOffset NextDueAt)
{
    public static ScheduleResponse From(ScheduleView view) => new(view.EveryMonths, view.DueDays, view.NextDueAt);
}

internal sealed record CampaignResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("member_account_id")] string? MemberAccountId,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("due_at")] DateTimeOffset DueAt,
    [property: JsonPropertyName("completed_at")] DateTimeOffset? CompletedAt,
    [property: JsonPropertyName("items_total")] int ItemsTotal,
    [property: JsonPropertyName("items_decided")] int ItemsDecided)
{
    public static CampaignResponse From(CampaignView view) =>
        new(view.Id, view.Kind, view.State, view.SubjectAccountId, view.StartedAt, view.DueAt, view.CompletedAt, view.Total, view.Decided);
}

internal sealed record CampaignListResponse([property: JsonPropertyName("access_reviews")] IReadOnlyList<CampaignResponse> AccessReviews);

internal sealed record CheckResponse(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("facts")] string Facts);

internal sealed record ItemResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("account_id")] string? AccountId,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("key_id")] long? KeyId,
    [property: JsonPropertyName("key_prefix")] string? KeyPrefix,
    [property: JsonPropertyName("key_name")] string? KeyName,
    [property: JsonPropertyName("key_scopes")] IReadOnlyList<string> KeyScopes,
    [property: JsonPropertyName("check")] CheckResponse? Check,
    [property: JsonPropertyName("facts")] string? Facts,
    [property: JsonPropertyName("decision")] string? Decision,
    [property: JsonPropertyName("decided_by")] string? DecidedBy,
    [property: JsonPropertyName("decided_at")] DateTimeOffset? DecidedAt,
    [property: JsonPropertyName("note")] string? Note)
{
    public static ItemResponse From(ItemView view) => new(
        view.Id, view.Kind, view.AccountId, view.Email, view.Role, view.KeyId, view.KeyPrefix, view.KeyName, view.KeyScopes,
        view.Check is { } check ? new CheckResponse(check.Passed, check.Facts) : null, view.Facts, view.Decision, view.DecidedBy, view.DecidedAt, view.Note);
}

internal sealed record CampaignDetailResponse(
    [property: JsonPropertyName("access_review")] CampaignResponse AccessReview,
    [property: JsonPropertyName("items")] IReadOnlyList<ItemResponse> Items)
{
    public static CampaignDetailResponse From(CampaignDetail detail) => new(CampaignResponse.From(detail.Campaign), detail.Items.Select(ItemResponse.From).ToList());
}
