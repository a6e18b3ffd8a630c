using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Waymark.Api;

namespace Waymark.Audit.Tests.Api;

/// <summary>Building an event from a request's claims and connection.</summary>
public sealed class AuditEventsTests
{
    [Fact]
    public void FromRequest_TakesWorkspaceActorAddressAndRequestIdFromTheRequest()
    {
        var context = new DefaultHttpContext { TraceIdentifier = "trace-7" };
        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new(WorkspaceClaims.WorkspaceId, "42"), new(WorkspaceClaims.ActorKind, "member"), new(WorkspaceClaims.ActorId, "acct-9")], "test"));
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:203.0.113.5");

        var auditEvent = AuditEvents.FromRequest(context, AuditActions.RoleChanged, AuditOutcome.Success, "role", "r1", new Dictionary<string, string> { ["role"] = "admin" });

        Assert.Equal(42, auditEvent.WorkspaceId);
        Assert.Equal(AuditActor.Member("acct-9"), auditEvent.Actor);
        Assert.Equal("203.0.113.5", auditEvent.SourceIp);
        Assert.Equal("trace-7", auditEvent.RequestId);
        Assert.Equal(("role", "r1"), (auditEvent.TargetType, auditEvent.TargetId));
    }

    [Fact]
    public void FromRequest_WithoutAuthentication_IsAnAnonymousEventOnTheInstanceChain()
    {
        var context = new DefaultHttpContext();

        var auditEvent = AuditEvents.FromRequest(context, AuditActions.SignInFailed, AuditOutcome.Failure);

        Assert.Equal(AuditEvent.InstanceChain, auditEvent.WorkspaceId);
        Assert.Equal(AuditActor.Anonymous, auditEvent.Actor);
    }

    [Theory]
    [InlineData("server-key", AuditActorKind.ServerKey)]
    [InlineData("write-key", AuditActorKind.WriteKey)]
    [InlineData("operator", AuditActorKind.Operator)]
    public void FromRequest_MapsEachActorKindClaim(string claim, AuditActorKind kind)
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new(WorkspaceClaims.ActorKind, claim), new(WorkspaceClaims.ActorId, "5")], "test")),
        };

        Assert.Equal(new AuditActor(kind, "5"), AuditEvents.FromRequest(context, AuditActions.KeyCreated, AuditOutcome.Success).Actor);
    }
}
