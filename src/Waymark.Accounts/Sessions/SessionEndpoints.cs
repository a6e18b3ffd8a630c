using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Sessions;

/// <summary>Ending a member's sessions through the API, for offboarding scripts and incident response.</summary>
internal static class SessionEndpoints
{
    public static void MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/members/{accountId}/sessions/revoke", RevokeAsync)
            .WithTags("Members")
            .RequirePermission(Permissions.MembersManage);
    }

    private static async Task<Results<Ok<SessionsRevokedResponse>, ProblemHttpResult>> RevokeAsync(string accountId, HttpContext context, AccountSessions sessions)
    {
        var outcome = await sessions.RevokeMemberAsync(Caller.From(context), WorkspaceClaims.WorkspaceIdOf(context.User), accountId, context.RequestAborted);
        return outcome.Succeeded ? TypedResults.Ok(new SessionsRevokedResponse(accountId, outcome.Value)) : outcome.Refusal!.ToProblem();
    }
}

internal sealed record SessionsRevokedResponse(
    [property: JsonPropertyName("account_id")] string AccountId,
    [property: JsonPropertyName("sessions_ended")] int SessionsEnded);
