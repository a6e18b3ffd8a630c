using System.Text.Json;
using Waymark.TestSupport;

namespace Waymark.Firewall.Tests.AllowLists;

/// <summary><c>waymark firewall allow list|add|remove|clear</c>, run as the real binary: the operator's way back in.</summary>
public sealed class AllowListCliTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("waymark-cli-").FullName;

    [Fact]
    public async Task Ranges_AreAddedListedRemovedAndCleared_AndABadRangeIsRefused()
    {
        var id = JsonDocument.Parse(await WaymarkProcess.RunCliAsync("workspace", "create", "Fenced", "--json", "--data", _data)).RootElement.GetProperty("workspaceId").GetString()!;
        string[] dashboard = ["--workspace", id, "--surface", "dashboard", "--data", _data];

        var added = await WaymarkProcess.RunCliAsync(["firewall", "allow", "add", .. dashboard, "--cidr", "10.0.0.0/8", "--label", "office"]);
        await WaymarkProcess.RunCliAsync(["firewall", "allow", "add", .. dashboard, "--cidr", "2001:db8::/32"]);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => WaymarkProcess.RunCliAsync(["firewall", "allow", "add", .. dashboard, "--cidr", "10.0.0.1/8"]));
        var listed = await WaymarkProcess.RunCliAsync(["firewall", "allow", "list", .. dashboard]);
        var ruleId = listed.Split('\n')[0].Split('\t')[0];
        var removed = await WaymarkProcess.RunCliAsync(["firewall", "allow", "remove", .. dashboard, "--id", ruleId]);
        var cleared = await WaymarkProcess.RunCliAsync(["firewall", "allow", "clear", .. dashboard]);
        var listedAfter = await WaymarkProcess.RunCliAsync(["firewall", "allow", "list", .. dashboard]);
        var apiList = await WaymarkProcess.RunCliAsync("firewall", "allow", "list", "--workspace", id, "--surface", "api", "--data", _data);

        Assert.Contains("Allowed 10.0.0.0/8 on the dashboard allow list", added, StringComparison.Ordinal);
        Assert.Contains("Did you mean 10.0.0.0/8?", refused.Message, StringComparison.Ordinal);
        Assert.Contains("\t10.0.0.0/8\toffice", listed, StringComparison.Ordinal);
        Assert.Contains("\t2001:db8::/32\t", listed, StringComparison.Ordinal);
        Assert.Contains("Removed 10.0.0.0/8", removed, StringComparison.Ordinal);
        Assert.Contains("Removed 1 range(s)", cleared, StringComparison.Ordinal);
        Assert.Contains("every address may connect", listedAfter, StringComparison.Ordinal);
        Assert.Contains("every address may connect", apiList, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
