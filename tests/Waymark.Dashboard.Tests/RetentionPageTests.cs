using System.Net;
using System.Text.RegularExpressions;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;

namespace Waymark.Dashboard.Tests;

/// <summary>The event retention form on the Settings page: days or forever, validated as the API validates it.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class RetentionPageTests(SetUpServerFixture fixture) : IClassFixture<SetUpServerFixture>
{
    [Fact]
    public async Task Retention_IsSetInDaysAndBackToForever_AndABadValueIsRefusedBesideTheField()
    {
        using var client = new DashboardClient(fixture.Server.BaseAddress);
        await client.SignInAsync(DashboardServer.OwnerEmail, DashboardServer.OwnerPassword);
        var settings = $"/w/{fixture.Workspace}/settings";
        var action = settings + "?handler=retention";
        Assert.Equal("kept forever", Status(await client.GetAsync(settings)));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(settings, [new("RetentionDays", "30")], action)).Status);
        Assert.Equal("30 days", Status(await client.GetAsync(settings)));

        var refused = await client.PostFormAsync(settings, [new("RetentionDays", "0")], action);
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.True(refused.Shows("Enter a whole number of days from 1 to 3650"));
        Assert.Equal("30 days", Status(await client.GetAsync(settings)));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(settings, [new("RetentionDays", "")], action)).Status);
        Assert.Equal("kept forever", Status(await client.GetAsync(settings)));
    }

    private static string Status(DashboardPage page) => StatusPattern().Match(page.Html).Groups["state"].Value;

    [GeneratedRegex("""<strong id="retention-status">(?<state>[a-z0-9 ]+)</strong>""")]
    private static partial Regex StatusPattern();
}
