using Waymark.Api;
using Waymark.Audit;
using Waymark.Incidents.Signals;

namespace Waymark.Incidents.Detectors;

/// <summary>
/// Privilege escalation in a workspace: a member made owner (a role change, an accepted invitation or SSO provisioning
/// with the owner role; not a new workspace's first owner), a role created or changed to include <c>phi:read</c>, or a
/// server key created with <c>phi:read</c>. Legitimate often, harmful when not, so owners are told every time.
/// Risk: likelihood 3 × impact 5 = 15 (high).
/// </summary>
internal sealed class PrivilegeEscalationDetector : IDetector
{
    public const string Name = "privilege-escalation";

    private const string OwnerRole = "owner";

    public ValueTask<Signal?> InspectAsync(AuditEntryView entry, CancellationToken cancellationToken) =>
        ValueTask.FromResult(entry.InWorkspace() && entry.Outcome == AuditOutcome.Success ? Inspect(entry) : null);

    private static Signal? Inspect(AuditEntryView entry)
    {
        var by = entry.Actor.Id is null ? AuditNames.Of(entry.Actor.Kind) : $"{AuditNames.Of(entry.Actor.Kind)} {entry.Actor.Id}";
        return entry.Action switch
        {
            AuditActions.MemberRoleChanged when entry.Detail("after") == OwnerRole && entry.Detail("before") is { Length: > 0 } before && before != OwnerRole && entry.TargetId is { } account =>
                Owner(entry, account, $"Account {account} changed from {before} to owner by {by}"),
            AuditActions.InviteAccepted when entry.Detail("role") == OwnerRole && entry.Actor.Id is { } account =>
                Owner(entry, account, $"Account {account} joined as owner by accepting invitation {entry.TargetId}"),
            AuditActions.SsoMemberProvisioned when entry.Detail("role") == OwnerRole && entry.TargetId is { } account =>
                Owner(entry, account, $"Account {account} provisioned as owner by single sign-on"),
            AuditActions.RoleCreated when EntryFacts.Lists(entry.Detail("permissions"), Permissions.PhiRead) =>
                Phi(entry, "role", entry.TargetId, $"Role {entry.TargetId} created with phi:read by {by}"),
            AuditActions.RoleChanged when EntryFacts.Lists(entry.Detail("after"), Permissions.PhiRead) && !EntryFacts.Lists(entry.Detail("before"), Permissions.PhiRead) =>
                Phi(entry, "role", entry.TargetId, $"Role {entry.TargetId} changed to include phi:read by {by}"),
            AuditActions.KeyCreated when EntryFacts.Lists(entry.Detail("scopes"), Permissions.PhiRead) =>
                Phi(entry, "key", entry.TargetId, $"Key {entry.TargetId} created with phi:read by {by}"),
            _ => null,
        };
    }

    private static Signal Owner(AuditEntryView entry, string account, string summary) =>
        new(entry.WorkspaceId, Name, "account:" + account, $"Owner role granted to account {account}", 3, 5, summary);

    private static Signal Phi(AuditEntryView entry, string kind, string? id, string summary) =>
        new(entry.WorkspaceId, Name, $"{kind}:{id}", $"phi:read granted to {kind} {id}", 3, 5, summary);
}
