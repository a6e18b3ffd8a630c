using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Waymark.Accounts.Invitations;
using Waymark.Accounts.Members;
using Waymark.Accounts.Roles;
using Waymark.Api;
using Waymark.Workspaces.Callers;

namespace Waymark.Accounts.Http;

/// <summary>The people API: members, invitations and the role × permission matrix, for server keys with the right scope.</summary>
internal static class AccountEndpoints
{
    public static void MapPeopleApi(this IEndpointRouteBuilder routes)
    {
        var members = routes.MapGroup("/v1/members").WithTags("Members");
        members.MapGet("/", ListMembersAsync).RequirePermission(Permissions.WorkspaceView);
        members.MapPut("/{accountId}/role", ChangeRoleAsync).RequirePermission(Permissions.MembersManage);
        members.MapDelete("/{accountId}", RemoveAsync).RequirePermission(Permissions.MembersManage);
        members.MapGet("/{accountId}/lock", LockStateAsync).RequirePermission(Permissions.MembersManage);
        members.MapPost("/{accountId}/unlock", UnlockAsync).RequirePermission(Permissions.MembersManage);

        var invitations = routes.MapGroup("/v1/invitations").WithTags("Members").RequirePermission(Permissions.MembersManage);
        invitations.MapGet("/", ListInvitationsAsync);
        invitations.MapPost("/", InviteAsync);
        invitations.MapDelete("/{id:long}", RevokeInvitationAsync);

        var roles = routes.MapGroup("/v1/roles").WithTags("Roles");
        roles.MapGet("/", MatrixAsync).RequirePermission(Permissions.WorkspaceView);
        roles.MapPost("/", CreateRoleAsync).RequirePermission(Permissions.MembersManage);
        roles.MapPut("/{key}", UpdateRoleAsync).RequirePermission(Permissions.MembersManage);
        roles.MapDelete("/{key}", DeleteRoleAsync).RequirePermission(Permissions.MembersManage);
    }

    private static long Workspace(HttpContext context) => WorkspaceClaims.WorkspaceIdOf(context.User);

    private static async Task<Ok<MembersResponse>> ListMembersAsync(HttpContext context, MemberDirectory directory) =>
        TypedResults.Ok(new MembersResponse((await directory.MembersAsync(Workspace(context), context.RequestAborted)).Select(MemberResponse.From).ToList()));

    private static async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> ChangeRoleAsync(string accountId, RoleChangeRequest? request, HttpContext context, MemberDirectory directory)
    {
        var outcome = await directory.ChangeRoleAsync(Caller.From(context), Workspace(context), accountId, request?.Role, context.RequestAborted);
        return outcome.Value is { } member ? TypedResults.Ok(MemberResponse.From(member)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string accountId, HttpContext context, MemberDirectory directory)
    {
        var outcome = await directory.RemoveAsync(Caller.From(context), Workspace(context), accountId, context.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<LockResponse>, ProblemHttpResult>> LockStateAsync(string accountId, HttpContext context, MemberDirectory directory, MemberLocks locks)
    {
        if ((await directory.MembersAsync(Workspace(context), context.RequestAborted)).All(m => m.AccountId != accountId))
        {
            return Refusal.NotFound("Member").ToProblem();
        }

        var state = await locks.StateAsync(accountId, context.RequestAborted);
        return TypedResults.Ok(new LockResponse(state.IsLocked, state.Permanent, state.LockedUntil));
    }

    private static async Task<Results<Ok<UnlockResponse>, ProblemHttpResult>> UnlockAsync(string accountId, HttpContext context, MemberLocks locks)
    {
        var outcome = await locks.UnlockAsync(Caller.From(context), Workspace(context), accountId, context.RequestAborted);
        return outcome.Succeeded ? TypedResults.Ok(new UnlockResponse(outcome.Value)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Ok<InvitationsResponse>> ListInvitationsAsync(HttpContext context, InvitationService invitations) =>
        TypedResults.Ok(new InvitationsResponse((await invitations.PendingAsync(Workspace(context), context.RequestAborted)).Select(InvitationResponse.From).ToList()));

    private static async Task<Results<Created<InvitationCreatedResponse>, ProblemHttpResult>> InviteAsync(InviteRequest? request, HttpContext context, InvitationService invitations, IOptions<AccountsOptions> options)
    {
        var outcome = await invitations.InviteAsync(Caller.From(context), Workspace(context), request?.Email, request?.Role, options.Value.BaseUrlFor(context.Request), context.RequestAborted);
        return outcome.Value is { } created
            ? TypedResults.Created($"/v1/invitations/{created.Invitation.Id}", new InvitationCreatedResponse(InvitationResponse.From(created.Invitation), created.Emailed, created.Link))
            : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> RevokeInvitationAsync(long id, HttpContext context, InvitationService invitations)
    {
        var outcome = await invitations.RevokeAsync(Caller.From(context), Workspace(context), id, context.RequestAborted);
        return outcome.Value is { } invitation ? TypedResults.Ok(InvitationResponse.From(invitation)) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Ok<RoleMatrix>> MatrixAsync(HttpContext context, RoleCatalog roles) =>
        TypedResults.Ok(await roles.MatrixAsync(Workspace(context), context.RequestAborted));

    private static async Task<Results<Created<RoleView>, ProblemHttpResult>> CreateRoleAsync(RoleRequest? request, HttpContext context, RoleCatalog roles)
    {
        var outcome = await roles.CreateAsync(Caller.From(context), Workspace(context), request?.Name, request?.Permissions, context.RequestAborted);
        return outcome.Value is { } role ? TypedResults.Created($"/v1/roles/{role.Key}", role) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<Ok<RoleView>, ProblemHttpResult>> UpdateRoleAsync(string key, RoleRequest? request, HttpContext context, RoleCatalog roles)
    {
        var outcome = await roles.UpdateAsync(Caller.From(context), Workspace(context), key, request?.Name, request?.Permissions, context.RequestAborted);
        return outcome.Value is { } role ? TypedResults.Ok(role) : outcome.Refusal!.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteRoleAsync(string key, HttpContext context, RoleCatalog roles)
    {
        var outcome = await roles.DeleteAsync(Caller.From(context), Workspace(context), key, context.RequestAborted);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.Refusal!.ToProblem();
    }
}

internal sealed record RoleChangeRequest([property: JsonPropertyName("role")] string? Role);

internal sealed record InviteRequest([property: JsonPropertyName("email")] string? Email, [property: JsonPropertyName("role")] string? Role);

internal sealed record RoleRequest([property: JsonPropertyName("name")] string? Name, [property: JsonPropertyName("permissions")] List<string>? Permissions);

internal sealed record MembersResponse([property: JsonPropertyName("members")] IReadOnlyList<MemberResponse> Members);

internal sealed record MemberResponse(
    [property: JsonPropertyName("account_id")] string AccountId,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("role_name")] string RoleName,
    [property: JsonPropertyName("joined_at")] DateTimeOffset JoinedAt)
{
    public static MemberResponse From(MemberView m) => new(m.AccountId, m.Email, m.RoleKey, m.RoleName, m.JoinedAt);
}

internal sealed record LockResponse(
    [property: JsonPropertyName("locked")] bool Locked,
    [property: JsonPropertyName("permanent")] bool Permanent,
    [property: JsonPropertyName("locked_until")] DateTimeOffset? LockedUntil);

/// <summary><c>unlocked</c> is false when there was no lock or failure count to clear.</summary>
internal sealed record UnlockResponse([property: JsonPropertyName("unlocked")] bool Unlocked);

internal sealed record InvitationsResponse([property: JsonPropertyName("invitations")] IReadOnlyList<InvitationResponse> Invitations);

internal sealed record InvitationResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt)
{
    public static InvitationResponse From(InvitationView i) => new(i.Id, i.Email, i.RoleKey, i.CreatedAt, i.ExpiresAt);
}

internal sealed record InvitationCreatedResponse(
    [property: JsonPropertyName("invitation")] InvitationResponse Invitation,
    [property: JsonPropertyName("emailed")] bool Emailed,
    [property: JsonPropertyName("link")] string? Link);
