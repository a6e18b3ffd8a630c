namespace Waymark.Firewall.RateLimits;

/// <summary>A workspace's own limits per minute; a null limit is the instance default.</summary>
internal sealed record WorkspaceRateLimits(int? WriteKeyPerMinute, int? ServerKeyPerMinute, int? WorkspacePerMinute)
{
    public static readonly WorkspaceRateLimits Defaults = new(null, null, null);

    public bool IsDefault => WriteKeyPerMinute is null && ServerKeyPerMinute is null && WorkspacePerMinute is null;
}
