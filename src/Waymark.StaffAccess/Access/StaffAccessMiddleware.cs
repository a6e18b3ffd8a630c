using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Waymark.Accounts.Policies;
using Waymark.Api;
using Waymark.Audit;
using Waymark.StaffAccess.Tickets;
using Waymark.Workspaces.Workspaces;

namespace Waymark.StaffAccess.Access;

/// <summary>
/// For a signed-in operator on a workspace page (<c>/w/{ws}/...</c>) with an approved ticket whose window is open, adds
/// the workspace claims and exactly the ticket's permissions, as membership does for members; without one the operator
/// is a non-member, refused by every page (as they are while the workspace requires MFA and they have no second
/// factor). Each request under a ticket is audited in that workspace's chain as
/// <c>support.access</c> with its method, route pattern and status (never the path or query, which can hold ids or
/// search terms). Expiry is read from the clock on every request, so access ends on time without any sweep.
/// </summary>
internal sealed class StaffAccessMiddleware(RequestDelegate next)
{
    private const string RouteValue = "ws";
    private const string OperatorKind = "operator";

    public async Task InvokeAsync(HttpContext context, TicketStore tickets, WorkspaceService workspaces, WorkspacePolicies policies, MfaPolicy mfa, IAuditLog audit)
    {
        if (context.User.Identity is not { IsAuthenticated: true, AuthenticationType: var type } || type != IdentityConstants.ApplicationScheme
            || context.User.FindFirstValue(WorkspaceClaims.ActorKind) != OperatorKind
            || context.User.FindFirstValue(WorkspaceClaims.ActorId) is not { } operatorId
            || WorkspaceClaims.TryWorkspaceIdOf(context.User) is not null
            || !context.Request.RouteValues.TryGetValue(RouteValue, out var value) || value is not string publicId
            || await workspaces.FindIdAsync(publicId, context.RequestAborted) is not { } workspaceId
            || await tickets.ActiveAsync(operatorId, workspaceId, context.RequestAborted) is not { } ticket

            // The owners' require-MFA policy binds staff as it binds members: without a second factor, no access.
            || ((await policies.GetAsync(workspaceId, context.RequestAborted)).RequireMfa && !await mfa.HasSecondFactorAsync(operatorId, context.RequestAborted)))
        {
            await next(context);
            return;
        }

        var ticketId = ticket.Id.ToString(CultureInfo.InvariantCulture);
        WorkspaceClaims.Grant(context.User, workspaceId, publicId, ticket.Scope, "support-ticket",
            new Claim(StaffAccessClaims.Ticket, ticketId),
            new Claim(StaffAccessClaims.Until, ticket.EndsAt!.Value.ToString("O", CultureInfo.InvariantCulture)));

        // Taken now: a status-code page re-executes the request under another route.
        var route = context.GetEndpoint() is RouteEndpoint endpoint ? "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/') : "(no route)";
        var failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var outcome = status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden ? AuditOutcome.Denied
                : status >= 500 ? AuditOutcome.Failure
                : AuditOutcome.Success;

            // Recorded even when the operator went away mid-request: the customer sees every request that was made.
            await audit.RecordAsync(AuditEvents.FromRequest(context, AuditActions.SupportAccess, outcome, "support-ticket", ticketId, new Dictionary<string, string>
            {
                ["method"] = context.Request.Method,
                ["route"] = route,
                ["status"] = status.ToString(CultureInfo.InvariantCulture),
            }), CancellationToken.None);
        }
    }
}
