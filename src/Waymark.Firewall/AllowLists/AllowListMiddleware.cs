using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Waymark.Api;
using Waymark.Audit;

namespace Waymark.Firewall.AllowLists;

/// <summary>
/// Refuses server keys, and the sessions of members and of operators under a support ticket, whose address is not on
/// their workspace's list for that surface. Runs after authentication, workspace membership and staff access, which say
/// who the caller is and which workspace they act in; write
/// keys are never checked (browsers come from anywhere), and no list is read for them, keeping ingest cheap.
/// </summary>
internal sealed class AllowListMiddleware(RequestDelegate next, TimeProvider clock)
{
    private readonly AuditThrottle<string> _blocked = new(TimeSpan.FromMinutes(1), clock);

    public async Task InvokeAsync(HttpContext context, AllowListStore store, IAuditLog audit)
    {
        var surface = context.User.FindFirstValue(WorkspaceClaims.ActorKind) switch
        {
            "server-key" => AllowListSurface.Api,
            "member" or "operator" => AllowListSurface.Dashboard,
            _ => null,
        };
        if (surface is null || WorkspaceClaims.TryWorkspaceIdOf(context.User) is not { } workspaceId)
        {
            await next(context);
            return;
        }

        var address = SourceAddress.Of(context);
        var lists = await store.GetAsync(workspaceId, context.RequestAborted);
        if (lists.Allows(surface, address))
        {
            await next(context);
            return;
        }

        await AuditOncePerMinuteAsync(context, audit, workspaceId, surface, address);
        await RefuseAsync(context, surface, address);
    }

    /// <summary>
    /// A blocked client usually retries in a loop; one entry per caller and address a minute tells the story without
    /// flooding the workspace's chain.
    /// </summary>
    private async Task AuditOncePerMinuteAsync(HttpContext context, IAuditLog audit, long workspaceId, string surface, IPAddress? address)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{workspaceId}:{surface}:{context.User.FindFirstValue(WorkspaceClaims.ActorId)}:{address}");
        if (!_blocked.ShouldRecord(key, out _))
        {
            return;
        }

        await audit.RecordAsync(
            AuditEvents.FromRequest(context, AuditActions.AddressBlocked, AuditOutcome.Denied, "allow-list", surface, new Dictionary<string, string> { ["surface"] = surface }),
            context.RequestAborted);
    }

    private static async Task RefuseAsync(HttpContext context, string surface, IPAddress? address)
    {
        var shown = address?.ToString() ?? "unknown";
        if (surface == AllowListSurface.Api || context.Request.Path.StartsWithSegments("/v1"))
        {
            var detail = surface == AllowListSurface.Api
                ? $"Server keys of this workspace may only be used from the addresses on its api allow list, and this request came from {shown}. A member with settings:manage can add the address in the dashboard (Firewall page) or with POST /v1/firewall/allow-lists/api from an allowed address."
                : $"This workspace's dashboard is open only to the addresses on its dashboard allow list, and this request came from {shown}. Ask an owner to add your address, or an operator to run 'waymark firewall allow clear --surface dashboard'.";
            await Problems.Create(StatusCodes.Status403Forbidden, "address-not-allowed", "Address not allowed", detail).ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/html; charset=utf-8";
        var html = HtmlEncoder.Default;
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Address not allowed - Waymark</title></head>
            <body>
            <main>
            <h1>Your address is not allowed in this workspace</h1>
            <p>This workspace's dashboard is open only to the addresses on its allow list, and you are connecting from {html.Encode(shown)}.</p>
            <p>Connect from an allowed network (your office or VPN, for example), or ask an owner of the workspace to add your address on its Firewall page. If nobody can reach the dashboard any more, whoever runs this Waymark can open it again with <code>waymark firewall allow clear --workspace ID --surface dashboard</code>.</p>
            <p><a href="/">Go to your workspaces</a></p>
            </main>
            </body>
            </html>
            """,
            context.RequestAborted);
    }
}
