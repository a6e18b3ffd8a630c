using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Audit;
using Waymark.Workspaces.Callers;

namespace Waymark.StaffAccess.Tickets;

internal static class TicketEndpoints
{
    private static readonly string[] Statuses = ["requested", "active", "denied", "ended", "expired"];

    public static IEndpointRouteBuilder MapTicketEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/support-tickets").WithTags("Staff access");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.WorkspaceView);
        group.MapGet("/{id}", GetAsync).RequirePermission(Permissions.WorkspaceView);
        group.MapPost("/{id}/approve", ApproveAsync).RequirePermission(Permissions.SupportApprove);
        group.MapPost("/{id}/deny", DenyAsync).RequirePermission(Permissions.SupportApprove);
        group.MapPost("/{id}/end", EndAsync).RequirePermission(Permissions.SupportApprove);
        return routes;
    }

    private static async Task<Results<Ok<TicketListResponse>, ProblemHttpResult>> ListAsync(string? status, HttpContext context, TicketStore store, TimeProvider clock)
    {
        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            return Problems.BadRequest("invalid-status", "Unknown status", $"Filter by one of: {string.Join(", ", Statuses)}; or leave status out for every ticket.");
        }

        var now = clock.GetUtcNow();
        var tickets = await store.ListAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted);
        return TypedResults.Ok(new TicketListResponse(tickets.Where(t => status is null || t.StatusAt(now) == status).Select(t => TicketResponse.From(t, now)).ToList()));
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, TicketStore store, TimeProvider clock)
    {
        if (ParseId(id) is not { } ticketId)
        {
            return InvalidId();
        }

        var ticket = await store.FindAsync(WorkspaceClaims.WorkspaceIdOf(context.User), ticketId, context.RequestAborted);
        return ticket is null ? Problems.NotFound("Support ticket") : TypedResults.Ok(TicketResponse.From(ticket, clock.GetUtcNow()));
    }

    private static Task<Results<Ok<TicketResponse>, ProblemHttpResult>> ApproveAsync(string id, HttpContext context, TicketStore store, TimeProvider clock) =>
        TransitionAsync(id, context, clock, (caller, workspaceId, ticketId) => store.ApproveAsync(caller, workspaceId, ticketId, context.RequestAborted));

    private static Task<Results<Ok<TicketResponse>, ProblemHttpResult>> DenyAsync(string id, HttpContext context, TicketStore store, TimeProvider clock) =>
        TransitionAsync(id, context, clock, (caller, workspaceId, ticketId) => store.DenyAsync(caller, workspaceId, ticketId, context.RequestAborted));

    private static Task<Results<Ok<TicketResponse>, ProblemHttpResult>> EndAsync(string id, HttpContext context, TicketStore store, TimeProvider clock) =>
        TransitionAsync(id, context, clock, (caller, workspaceId, ticketId) => store.EndAsync(caller, workspaceId, ticketId, context.RequestAborted));

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> TransitionAsync(
        string id, HttpContext context, TimeProvider clock, Func<Caller, long, long, Task<Outcome<SupportTicket>>> transition)
    {
        if (ParseId(id) is not { } ticketId)
        {
            return InvalidId();
        }

        var outcome = await transition(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), ticketId);
        return outcome.Value is { } ticket ? TypedResults.Ok(TicketResponse.From(ticket, clock.GetUtcNow())) : outcome.Refusal!.ToProblem();
    }

    private static long? ParseId(string id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    private static ProblemHttpResult InvalidId() =>
        Problems.BadRequest("invalid-ticket-id", "Invalid ticket id", "A ticket id is a positive number, as in GET /v1/support-tickets.");
}

internal sealed record TicketListResponse([property: JsonPropertyName("tickets")] IReadOnlyList<TicketResponse> Tickets);

internal sealed record TicketStepResponse(
    [property: JsonPropertyName("actor_kind")] string ActorKind,
    [property: JsonPropertyName("actor_id")] string? ActorId,
    [property: JsonPropertyName("at")] DateTimeOffset At)
{
    public static TicketStepResponse? From(TicketStep? step) => step is null ? null : new(AuditNames.Of(step.By.Kind), step.By.Id, step.At);
}

internal sealed record TicketResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("operator_id")] string OperatorId,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("scope")] IReadOnlyList<string> Scope,
    [property: JsonPropertyName("duration_minutes")] int DurationMinutes,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("requested_at")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("decision")] TicketStepResponse? Decision,
    [property: JsonPropertyName("starts_at")] DateTimeOffset? StartsAt,
    [property: JsonPropertyName("ends_at")] DateTimeOffset? EndsAt,
    [property: JsonPropertyName("end")] TicketStepResponse? End,
    [property: JsonPropertyName("end_reason")] string? EndReason)
{
    public static TicketResponse From(SupportTicket t, DateTimeOffset now) => new(
        t.Id, t.OperatorId, t.Reason, t.Scope, t.DurationMinutes, t.State, t.StatusAt(now), t.RequestedAt,
        TicketStepResponse.From(t.Decision), t.StartsAt, t.EndsAt, TicketStepResponse.From(t.End), t.EndReason);
}
