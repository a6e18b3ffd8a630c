using System.Net;
using System.Text.RegularExpressions;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests;

/// <summary>The HIPAA mode switch on the Settings page: shows the state, explains the effect, and turns it on and off.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class HipaaModePageTests(SetUpServerFixture fixture) : IClassFixture<SetUpServerFixture>
{
    [Fact]
    public async Task HipaaMode_IsSwitchedOnAndOffFromTheSettingsPage()
    {
        using var client = new DashboardClient(fixture.Server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        var settings = $"/w/{fixture.Workspace}/settings";

        var before = await client.GetAsync(settings);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal("off", Status(before));
        Assert.True(before.Shows("data already stored keeps the class it had"));

        var on = await client.PostFormAsync(settings, [new("on", "true")], settings + "?handler=hipaa");
        Assert.Equal(HttpStatusCode.Redirect, on.Status);
        var after = await client.GetAsync(settings);
        Assert.Equal("on", Status(after));
        Assert.True(after.Shows("Turn HIPAA mode off"));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(settings, [new("on", "false")], settings + "?handler=hipaa")).Status);
        Assert.Equal("off", Status(await client.GetAsync(settings)));
    }

    private static string Status(DashboardPage page) => StatusPattern().Match(page.Html).Groups["state"].Value;

    [GeneratedRegex("""<strong id="hipaa-status">(?<state>[a-z]+)</strong>""")]
    private static partial Regex StatusPattern();
}
