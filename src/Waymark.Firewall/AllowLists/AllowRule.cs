using System.Net;

namespace Waymark.Firewall.AllowLists;

/// <summary>One allowed address range of a workspace's dashboard or server keys.</summary>
internal sealed record AllowRule(long Id, string Surface, IPNetwork Network, string? Label, DateTimeOffset CreatedAt)
{
    /// <summary>The range in its normal form (<c>203.0.113.0/24</c>, <c>2001:db8::/32</c>), as stored.</summary>
    public string Cidr => Network.ToString();
}

/// <summary>A workspace's rules for both surfaces; a surface without rules lets every address in.</summary>
internal sealed record AllowListSet(IReadOnlyList<AllowRule> Dashboard, IReadOnlyList<AllowRule> Api)
{
    public IReadOnlyList<AllowRule> Of(string surface) => surface == AllowListSurface.Dashboard ? Dashboard : Api;

    public bool Allows(string surface, IPAddress? address) => AllowListAddresses.Allows(Of(surface).Select(r => r.Network), address);
}
