namespace Waymark.Firewall.RateLimits;

/// <summary>Which limit a request was counted against.</summary>
internal enum RateLimitKind
{
    WriteKey,
    ServerKey,
    Workspace,
    Address,
}

internal static class RateLimitKinds
{
    /// <summary>The name in metrics, audit details and problem bodies.</summary>
    public static string Name(this RateLimitKind kind) => kind switch
    {
        RateLimitKind.WriteKey => "write-key",
        RateLimitKind.ServerKey => "server-key",
        RateLimitKind.Workspace => "workspace",
        _ => "address",
    };
}
