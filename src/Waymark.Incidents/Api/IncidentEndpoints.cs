using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Incidents.Settings;
using Waymark.Incidents.Signals;
using Waymark.Workspaces.Callers;

namespace Waymark.Incidents.Api;

/// <summary><c>/v1/incidents</c>: list and work the workspace's incidents, and set where they are sent. All behind <c>security:manage</c>.</summary>
internal static class IncidentEndpoints
{
    private const int MaxBodyBytes = 8 * 1024;

    private const int PageSize = 50;

    public static IEndpointRouteBuilder MapIncidentRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/incidents").WithTags("Incidents");
        group.MapGet("/", ListAsync).RequirePermission(Permissions.SecurityManage)
            .WithSummary("The workspace's incidents, newest first; filter by state and severity, page with cursor");
        group.MapGet("/settings", GetSettingsAsync).RequirePermission(Permissions.SecurityManage)
            .WithSummary("Where high-severity incidents are sent: webhook URL, escalation contacts, acknowledge-within period");
        group.MapPut("/settings", PutSettingsAsync).RequirePermission(Permissions.SecurityManage)
            .WithSummary("Replace the notification settings; a first webhook URL returns its signing secret once");
        group.MapPost("/settings/webhook-secret", RotateSecretAsync).RequirePermission(Permissions.SecurityManage)
            .WithSummary("Replace the webhook signing secret; the new one is returned once");
        group.MapGet("/{id:long}", GetAsync).RequirePermission(Permissions.SecurityManage)
            .WithSummary("One incident with its timeline");
        group.MapPost("/{id:long}/acknowledge", AcknowledgeAsync).RequirePermission(Permissions.SecurityManage)
            .WithSummary("Acknowledge an open incident; escalation stops");
        group.MapPost("/{id:long}/resolve", ResolveAsync).RequirePermission(Permissions.SecurityManage)
            .WithSummary("Resolve an open or acknowledged incident, with an optional note");
        return routes;
    }

    private static async Task<Results<Ok<IncidentListResponse>, ProblemHttpResult>> ListAsync(HttpContext context, IncidentBook book, string? state = null, string? severity = null, string? cursor = null)
    {
        var outcome = await book.ListAsync(WorkspaceClaims.WorkspaceIdOf(context.User), Empty(state), Empty(severity), cursor, PageSize, context.RequestAborted);
        return outcome.Value is { } page
            ? TypedResults.Ok(new IncidentListResponse(page.Incidents.Select(IncidentResponse.From).ToList(), page.NextCursor))
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<IncidentDetailResponse>, ProblemHttpResult>> GetAsync(long id, HttpContext context, IncidentBook book) =>
        await book.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted) is { } detail
            ? TypedResults.Ok(IncidentDetailResponse.From(detail))
            : Refusal.NotFound("Incident").ToProblem();

    private static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> AcknowledgeAsync(long id, HttpContext context, IncidentBook book)
    {
        var outcome = await book.AcknowledgeAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, context.RequestAborted);
        return outcome.Value is { } incident ? TypedResults.Ok(IncidentResponse.From(incident)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> ResolveAsync(long id, HttpContext context, IncidentBook book)
    {
        var body = await BufferedBody.ReadAsync(context, MaxBodyBytes);
        ResolveRequest? request = null;
        if (body.TooLarge || (body.Memory.Length > 0 && !TryRead(body.Memory, out request)))
        {
            return Problems.BadRequest("invalid-resolve", "Invalid resolve request", $"Send {{\"note\": \"what was done\"}} (the note is optional, at most {IncidentBook.MaxNoteLength} characters), or no body.");
        }

        var outcome = await book.ResolveAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), id, request?.Note, context.RequestAborted);
        return outcome.Value is { } incident ? TypedResults.Ok(IncidentResponse.From(incident)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Ok<SettingsResponse>> GetSettingsAsync(HttpContext context, IncidentSettingsStore settings) =>
        TypedResults.Ok(SettingsResponse.From(await settings.GetAsync(WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted), null));

    private static async Task<Results<Ok<SettingsResponse>, ProblemHttpResult>> PutSettingsAsync(HttpContext context, IncidentSettingsStore settings)
    {
        var body = await BufferedBody.ReadAsync(context, MaxBodyBytes);
        if (body.TooLarge || !TryRead(body.Memory, out SettingsRequest? request) || request is null)
        {
            return Problems.BadRequest("invalid-incident-settings", "Invalid incident settings", "Send {\"webhook_url\": \"https://hooks.example.com/waymark\" or null, \"escalation_contacts\": [account ids of members, first called first], \"acknowledge_within_minutes\": 30}.");
        }

        var outcome = await settings.UpdateAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), request.WebhookUrl, request.EscalationContacts, request.AcknowledgeWithinMinutes, context.RequestAborted);
        return outcome.Value is { } change ? TypedResults.Ok(SettingsResponse.From(change.Settings, change.NewWebhookSecret)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Ok<WebhookSecretResponse>> RotateSecretAsync(HttpContext context, IncidentSettingsStore settings) =>
        TypedResults.Ok(new WebhookSecretResponse(await settings.RotateSecretAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), context.RequestAborted)));

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool TryRead<T>(ReadOnlyMemory<byte> body, out T? value)
        where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize<T>(body.Span);
            return value is not null;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }
}
