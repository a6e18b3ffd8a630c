using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Waymark.Firewall.AllowLists;

/// <summary>Parsing of allow-list ranges and the match of a client address against them.</summary>
internal static class AllowListAddresses
{
    /// <summary>
    /// An empty list is open. A missing address (no socket peer) matches nothing, so a fenced surface stays fenced.
    /// Clients reached over a dual-stack socket arrive as IPv4-mapped IPv6 and must meet the IPv4 rules people write.
    /// </summary>
    public static bool Allows(IEnumerable<IPNetwork> networks, IPAddress? address)
    {
        var list = networks as IReadOnlyCollection<IPNetwork> ?? networks.ToList();
        if (list.Count == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return list.Any(n => n.Contains(plain));
    }

    /// <summary>
    /// Reads <c>203.0.113.0/24</c>, <c>2001:db8::/32</c> or a bare address (one host: /32 or /128). Refuses forms that
    /// mean something other than what they look like: host bits beyond the prefix, abbreviated IPv4 (<c>10.1</c>), scope ids.
    /// </summary>
    public static bool TryParse(string? text, out IPNetwork network, out string problem)
    {
        network = default;
        var trimmed = text?.Trim() ?? "";
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressPart = slash < 0 ? trimmed : trimmed[..slash];
        problem = "Enter an IPv4 or IPv6 range in CIDR notation, such as 203.0.113.0/24 or 2001:db8::/32, or a single address.";
        if (trimmed.Length is 0 or > 64 || addressPart.Contains('%', StringComparison.Ordinal)
            || !IPAddress.TryParse(addressPart, out var address)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressPart.Count(c => c == '.') != 3))
        {
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(trimmed[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            problem = $"The prefix length after the slash must be a number from 0 to {maxPrefix}.";
            return false;
        }

        var exact = new IPNetwork(Masked(address, prefix), prefix);
        if (!exact.BaseAddress.Equals(address))
        {
            problem = $"The range has bits set after its prefix. Did you mean {exact}?";
            return false;
        }

        network = address.IsIPv4MappedToIPv6 && prefix >= 96 ? new IPNetwork(address.MapToIPv4(), prefix - 96) : exact;
        return true;
    }

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
