namespace Waymark.Audit;

/// <summary>
/// One thing that happened, about to become an entry in its workspace's hash chain.
/// Ids are pseudonymous (account ids, key ids, keyed hashes of end-user ids); no field ever holds an email, a name or a trait value.
/// </summary>
/// <param name="WorkspaceId">The workspace whose chain records it; <see cref="InstanceChain"/> for events that belong to no workspace (such as a failed sign-in for an unknown address).</param>
/// <param name="Action">A dotted name from <see cref="AuditActions"/>, for example <c>member.invited</c>.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Outcome">Whether it happened, was refused for lack of permission, or failed.</param>
/// <param name="TargetType">What kind of thing it was done to (<c>member</c>, <c>key</c>, <c>role</c>, <c>user</c>...), if any.</param>
/// <param name="TargetId">A pseudonymous id of the target, if any.</param>
/// <param name="SourceIp">The caller's address, if the event came from a request.</param>
/// <param name="RequestId">The request's trace id, if the event came from a request.</param>
/// <param name="Details">A few extra non-personal facts (a role name, a permission, a count).</param>
public sealed record AuditEvent(
    long WorkspaceId,
    string Action,
    AuditActor Actor,
    AuditOutcome Outcome,
    string? TargetType = null,
    string? TargetId = null,
    string? SourceIp = null,
    string? RequestId = null,
    IReadOnlyDictionary<string, string>? Details = null)
{
    /// <summary>The chain of events that belong to the installation rather than to one workspace.</summary>
    public const long InstanceChain = 0;
}
