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
        var address = SourceAddress.Of(context);
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
    /// The caller as an actor, from the claims every authentication path sets (keys and members' sessions alike);
    /// a caller without them is anonymous.
    /// </summary>
    public static AuditActor ActorOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirstValue(WorkspaceClaims.ActorId);
        return user.FindFirstValue(WorkspaceClaims.ActorKind) switch
        {
            "member" => new AuditActor(AuditActorKind.Member, id),
            "server-key" => new AuditActor(AuditActorKind.ServerKey, id),
            "write-key" => new AuditActor(AuditActorKind.WriteKey, id),
            "operator" => new AuditActor(AuditActorKind.Operator, id),
            _ => AuditActor.Anonymous,
        };
    }
}
