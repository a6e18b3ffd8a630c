using System.Net;
using Waymark.Firewall.AllowLists;

namespace Waymark.Firewall.Tests.AllowLists;

/// <summary>Reading ranges as people type them, and matching client addresses (IPv4-mapped IPv6 included) against them.</summary>
public sealed class AllowListAddressesTests
{
    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData(" 203.0.113.9 ", "203.0.113.9/32")]
    [InlineData("2001:DB8::/32", "2001:db8::/32")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("::ffff:10.0.0.0/104", "10.0.0.0/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void Ranges_AreReadIntoTheirNormalForm(string typed, string stored)
    {
        Assert.True(AllowListAddresses.TryParse(typed, out var network, out _));
        Assert.Equal(stored, network.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.20.30.40", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.20.30.40", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::5", false)]
    [InlineData("::1/128", "127.0.0.1", false)]
    public void ClientAddresses_MatchTheRangesOfTheirFamily(string cidr, string client, bool allowed)
    {
        Assert.True(AllowListAddresses.TryParse(cidr, out var network, out _));
        Assert.Equal(allowed, AllowListAddresses.Allows([network], IPAddress.Parse(client)));
    }

    [Fact]
    public void AnEmptyList_AllowsEveryone_AndAFencedListAllowsNoUnknownAddress()
    {
        Assert.True(AllowListAddresses.Allows([], null));
        Assert.True(AllowListAddresses.TryParse("0.0.0.0/0", out var everything, out _));
        Assert.False(AllowListAddresses.Allows([everything], null));
    }
}
