using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Waymark.TestSupport;

namespace Waymark.Firewall.Tests.Transport;

/// <summary>
/// The client address behind a reverse proxy: taken from <c>X-Forwarded-For</c> only when the request comes from a
/// trusted proxy, so nobody else can choose the address the audit log (and the firewall) sees.
/// </summary>
public sealed class ProxyTests
{
    [Theory]
    [InlineData("127.0.0.0/8", "203.0.113.9")]
    [InlineData("10.0.0.0/8", "127.0.0.1")]
    public async Task ForwardedFor_CountsOnlyFromATrustedProxy(string trusted, string expectedAddress)
    {
        await using var server = await WaymarkTestServer.StartAsync("sqlite", new Dictionary<string, string?> { ["Waymark:Proxy:TrustedNetworks:0"] = trusted });
        var workspace = await server.CreateWorkspaceAsync();
        using var write = server.WriteKeyClient(workspace.WriteKey);
        write.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");

        using var refused = await write.GetAsync("/v1/users/u-1");
        using var read = server.ServerKeyClient(workspace.ServerKey);
        var entries = (await read.GetFromJsonAsync<JsonObject>("/v1/audit?action=access.denied"))!["entries"]!.AsArray();

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(expectedAddress, (string?)Assert.Single(entries)!["source_ip"]);
    }

    [Fact]
    public async Task TrustedNetworks_ThatAreNotAddresses_StopTheServerWithTheSettingNamed()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WaymarkTestServer.StartAsync("sqlite", new Dictionary<string, string?> { ["Waymark:Proxy:TrustedNetworks:0"] = "proxy.example" }));

        Assert.Contains("Waymark:Proxy:TrustedNetworks", refused.Message, StringComparison.Ordinal);
    }
}
