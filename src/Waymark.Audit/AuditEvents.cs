using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Waymark.Api;

namespace Waymark.Audit;

/// <summary>Builds audit events from what a request says about its caller.</summary>
public static class AuditEvents
{
    /// <summary>
    /// An event for the request's caller: its workspace (the <see cref="WorkspaceClaims.WorkspaceId"/> claim, or the
    /// instance chain), who it is (the <see cref="WorkspaceClaims.ActorKind"/> and <see cref="WorkspaceClaims.ActorId"/>
    /// claims; an unauthenticated caller is anonymous), its address and the request's trace id.
    /// </summary>
    public static AuditEvent FromRequest(
        HttpContext context,
        string action,
        AuditOutcome outcome,
        string? targetType = null,
        string? targetId = null,
        IReadOnlyDictionary<string, string>? details = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        return new AuditEvent(
            WorkspaceClaims.TryWorkspaceIdOf(context.User) ?? AuditEvent.InstanceChain,
            action,
            ActorOf(context.User),
            outcome,
            targetType,
            targetId,
            address?.ToString(),
            Activity.Current is { } activity ? activity.TraceId.ToHexString() : context.TraceIdentifier,
            details);
    }

    /// <summary>
    /// The caller as an actor. A key-authenticated caller without an actor-kind claim is taken for a write key when
    /// sending events is all it may do, and for a server key otherwise (write keys carry nothing else).
    /// </summary>
    public static AuditActor ActorOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirstValue(WorkspaceClaims.ActorId);
        switch (user.FindFirstValue(WorkspaceClaims.ActorKind))
        {
            case "member":
                return new AuditActor(AuditActorKind.Member, id);
            case "server-key":
                return new AuditActor(AuditActorKind.ServerKey, id ?? user.FindFirstValue(WorkspaceClaims.KeyId));
            case "write-key":
                return new AuditActor(AuditActorKind.WriteKey, id ?? user.FindFirstValue(WorkspaceClaims.KeyId));
            case "operator":
                return new AuditActor(AuditActorKind.Operator, id);
        }

        if (user.Identity?.IsAuthenticated != true)
        {
            return AuditActor.Anonymous;
        }

        if (user.FindFirstValue(WorkspaceClaims.KeyId) is { } keyId)
        {
            var permissions = user.FindAll(Permissions.ClaimType).Select(c => c.Value).ToList();
            var writeOnly = permissions.Count > 0 && permissions.All(p => p == Permissions.EventsWrite);
            return new AuditActor(writeOnly ? AuditActorKind.WriteKey : AuditActorKind.ServerKey, id ?? keyId);
        }

        return new AuditActor(AuditActorKind.Anonymous, id);
    }
}
