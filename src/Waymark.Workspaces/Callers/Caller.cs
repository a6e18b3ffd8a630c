using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Waymark.Audit;

namespace Waymark.Workspaces.Callers;

/// <summary>
/// Who asks for a change, with which permissions in the workspace concerned, and from where: what domain services
/// need to refuse privilege escalation and to write the audit entry.
/// </summary>
public sealed record Caller(AuditActor Actor, IReadOnlySet<string> Permissions, string? SourceIp = null, string? RequestId = null)
{
    /// <summary>The account id when a member is acting.</summary>
    public string? AccountId => Actor.Kind == AuditActorKind.Member ? Actor.Id : null;

    public bool Has(string permission) => Permissions.Contains(permission);

    /// <summary>The caller of an HTTP request, from the claims its authentication set.</summary>
    public static Caller From(HttpContext context)
    {
        var template = AuditEvents.FromRequest(context, "", AuditOutcome.Success);
        var permissions = context.User.FindAll(Api.Permissions.ClaimType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Caller(template.Actor, permissions, template.SourceIp, template.RequestId);
    }

    /// <summary>An operator at the command line: trusted with every permission, audited as the system.</summary>
    public static Caller Operator() => new(AuditActor.System, Api.Permissions.All.ToHashSet(StringComparer.Ordinal));

    public AuditEvent Audit(long workspaceId, string action, AuditOutcome outcome = AuditOutcome.Success, string? targetType = null, string? targetId = null, IReadOnlyDictionary<string, string>? details = null) =>
        new(workspaceId, action, Actor, outcome, targetType, targetId, SourceIp, RequestId, details);

    internal static IEnumerable<Claim> ClaimsOf(IEnumerable<string> permissions) => permissions.Select(p => new Claim(Api.Permissions.ClaimType, p));
}
