using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Email;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// The Rate limits page in headless Chromium: the owner sets the workspace's own limits (empty is the default), a bad
/// value is refused beside its field, the API answers what the page saved; a viewer sees the limits but no form.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class RateLimitPageTests
{
    private const string ViewerEmail = "viewer@example.com";
    private const string ViewerPassword = "meadow-copper-gently-58";

    [Fact]
    public async Task Owner_SetsLimitsOnThePage_TheApiAnswersThem_AndAViewerSeesThemWithoutAForm()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var server = await DashboardServer.StartAsync("sqlite", mail);
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        await using var viewer = await BrowserChecks.NewSessionAsync(server);
        var a = owner.Page;
        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(a, server);
        using var api = TeamSetup.ApiClient(server, serverKey);

        await a.GotoAsync($"/w/{ws}/firewall/limits");
        await Expect(a.Locator("#applied-write-key")).ToHaveTextAsync("1000000 a minute (default)");
        await a.GetByLabel("Requests per minute per write key").FillAsync("2500");
        await a.GetByLabel("Requests per minute for the whole workspace").FillAsync("9000");
        await a.GetByRole(AriaRole.Button, new() { Name = "Save rate limits" }).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "Rate limits saved." })).ToBeVisibleAsync();
        await Expect(a.Locator("#applied-write-key")).ToHaveTextAsync("2500 a minute (this workspace's own)");
        await Expect(a.Locator("#applied-server-key")).ToHaveTextAsync("60000 a minute (default)");

        var limits = await api.GetFromJsonAsync<JsonObject>(new Uri("v1/firewall/rate-limits", UriKind.Relative));
        Assert.Equal(2500, (int)limits!["write_key_per_minute"]!);
        Assert.Null(limits["server_key_per_minute"]);
        Assert.Equal(9000, (int)limits["workspace_per_minute"]!);

        await a.GetByLabel("Requests per minute per server key").FillAsync("0");
        await a.GetByRole(AriaRole.Button, new() { Name = "Save rate limits" }).ClickAsync();
        await Expect(a.Locator(".field").Filter(new() { Has = a.GetByLabel("Requests per minute per server key") }))
            .ToContainTextAsync("Enter a whole number of requests per minute from 1 to 1000000");
        limits = await api.GetFromJsonAsync<JsonObject>(new Uri("v1/firewall/rate-limits", UriKind.Relative));
        Assert.Null(limits!["server_key_per_minute"]);

        await TeamSetup.JoinAsMemberAsync(server, serverKey, mail, viewer.Page, ViewerEmail, ViewerPassword, "viewer");
        var b = viewer.Page;
        await b.GotoAsync($"/w/{ws}/firewall/limits");
        await Expect(b.Locator("#applied-workspace")).ToHaveTextAsync("9000 a minute (this workspace's own)");
        await Expect(b.GetByText("Changing rate limits needs the settings:manage permission.")).ToBeVisibleAsync();
        await Expect(b.GetByRole(AriaRole.Button, new() { Name = "Save rate limits" })).ToHaveCountAsync(0);
        await owner.AssertNoErrorsAsync();
        await viewer.AssertNoErrorsAsync();
    }
}
