namespace Waymark.Firewall.RateLimits;

/// <summary>
/// The instance's request limits per minute, bound from <c>Waymark:Firewall:RateLimits</c>; a workspace may set its own
/// key and workspace limits. The defaults stop a runaway client without touching real traffic. A write key ships in
/// every end user's browser, so one key carries a whole site's tracking: its default (and the workspace's) is the
/// highest limit a workspace may set, above the benchmark's target of 15,000 single-event requests a second per node.
/// </summary>
internal sealed class RateLimitOptions
{
    public const string Section = "Waymark:Firewall:RateLimits";

    public int WriteKeyPerMinute { get; set; } = 1_000_000;

    public int ServerKeyPerMinute { get; set; } = 60_000;

    public int WorkspacePerMinute { get; set; } = 1_000_000;

    /// <summary>Requests without a valid key or a member's session (sign-in pages, wrong keys), per source address.</summary>
    public int AddressPerMinute { get; set; } = 600;

    public bool IsValid() =>
        RateLimitSettings.IsValidLimit(WriteKeyPerMinute)
        && RateLimitSettings.IsValidLimit(ServerKeyPerMinute)
        && RateLimitSettings.IsValidLimit(WorkspacePerMinute)
        && RateLimitSettings.IsValidLimit(AddressPerMinute);
}
