namespace Waymark.Firewall.Schema;

/// <summary>A workspace's own request limits; a null limit falls back to the instance default.</summary>
internal sealed class RateLimitRow
{
    public long WorkspaceId { get; set; }

    public int? WriteKeyPerMinute { get; set; }

    public int? ServerKeyPerMinute { get; set; }

    public int? WorkspacePerMinute { get; set; }

    public long UpdatedAt { get; set; }
}

/// <summary>
/// One allowed address range of a workspace for one surface (<c>dashboard</c> or <c>api</c>); a surface with no rule
/// is open to every address.
/// </summary>
internal sealed class AllowRuleRow
{
    public long Id { get; set; }

    public long WorkspaceId { get; set; }

    public string Surface { get; set; } = "";

    public string Cidr { get; set; } = "";

    public string? Label { get; set; }

    public long CreatedAt { get; set; }
}
