using Microsoft.AspNetCore.Http;

namespace Waymark.Firewall.RateLimits;

/// <summary>
/// The limits one request counts against, worked out once before the limiter runs: the limiter's partition choice is
/// synchronous and must not read the database. <see cref="CallerKind"/> is the caller's own limit (a key's, or the
/// source address's for callers with neither a key nor a member's session); a workspace limit applies to every key and
/// member request of that workspace.
/// </summary>
internal sealed record RequestLimitScope(RateLimitKind? CallerKind, string CallerId, int CallerPerMinute, string? WorkspaceId, int WorkspacePerMinute)
{
    private static readonly object ItemKey = new();

    public static RequestLimitScope? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var scope) ? scope as RequestLimitScope : null;

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>The partition of <paramref name="kind"/>'s limiter, or null when that limit does not apply.</summary>
    public LimitPartition? PartitionFor(RateLimitKind kind) => kind switch
    {
        RateLimitKind.Workspace => WorkspaceId is null ? null : new LimitPartition(WorkspaceId, WorkspacePerMinute),
        _ => CallerKind == kind ? new LimitPartition(CallerId, CallerPerMinute) : null,
    };
}

/// <summary>
/// One limiter's partition. The limit is part of the key, so a changed workspace limit starts a fresh bucket at once
/// and the old one is dropped when it falls idle.
/// </summary>
internal readonly record struct LimitPartition(string Id, int PerMinute);
