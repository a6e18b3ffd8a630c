using System.Net;
using System.Text.RegularExpressions;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests.Experiences;

/// <summary>The install page: the snippet with a placeholder, and once with a write key issued there that works.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class InstallPageTests(KeyedWorkspaceFixture fixture) : IClassFixture<KeyedWorkspaceFixture>
{
    [Fact]
    public async Task IssueKey_ShowsTheSnippetWithANewWriteKeyOnce_AndThatKeySendsEvents()
    {
        using var client = new DashboardClient(fixture.Server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        var install = $"/w/{fixture.Ws}/experiences/install";
        var baseUrl = fixture.Server.BaseAddress.ToString().TrimEnd('/');

        var before = await client.GetAsync(install);
        Assert.True(before.Shows($"<script src=\"{baseUrl}/sdk/waymark.js\"></script><script src=\"/your-app.js\"></script>"), before.Html);
        Assert.True(before.Shows($"waymark.initialize(\"WRITE_KEY\", {{ endpoint: \"{baseUrl}\" }});"));

        var issued = await client.PostFormAsync(install, [new("OverlapHours", "24")], install + "?handler=issuekey");

        Assert.Equal(HttpStatusCode.OK, issued.Status);
        var key = WriteKeyInSnippet().Match(WebUtility.HtmlDecode(issued.Html)).Groups["key"].Value;
        Assert.StartsWith("wk_", key, StringComparison.Ordinal);
        Assert.True(issued.Shows("Copy now."));
        Assert.False((await client.GetAsync(install)).Shows(key), "the key is shown only in the answer that issued it");
        using var write = PeopleData.WriteClient(fixture.Server, key);
        await PeopleData.SendAsync(write, "track", new { userId = "installer", @event = "Installed snippet" });
    }

    [GeneratedRegex("""waymark\.initialize\("(?<key>[^"]+)", """)]
    private static partial Regex WriteKeyInSnippet();
}
