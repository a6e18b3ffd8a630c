using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests;

/// <summary>
/// The incident pages in headless Chromium: a key granted phi:read opens a high incident, which the owner finds from the
/// navigation, acknowledges and resolves with a note; then sets the webhook and an escalation contact and sees the
/// signing secret once.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class IncidentPageTests
{
    [Fact]
    public async Task Owner_WorksAnIncidentAndSetsNotifications_InTheBrowser()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        var page = owner.Page;
        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(page, server);
        using var api = TeamSetup.ApiClient(server, serverKey);
        using var grant = new StringContent("""{"name": "records export", "scopes": ["workspace:view", "phi:read"]}""", Encoding.UTF8, "application/json");
        var key = await (await api.PostAsync(new Uri("v1/keys", UriKind.Relative), grant)).Content.ReadFromJsonAsync<JsonObject>();
        var title = $"phi:read granted to key {(long)key!["key"]!["id"]!}";
        await WaitForIncidentAsync(api, title);

        await page.GotoAsync($"/w/{ws}");
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "Incidents", Exact = true }).ClickAsync();
        await Expect(page.Locator("#severity-chart")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(title)) }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(page.Locator("#incident-state")).ToHaveTextAsync("acknowledged");
        await page.GetByLabel("Resolve note").FillAsync("Granted on purpose for the records export");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(page.Locator("#incident-state")).ToHaveTextAsync("resolved");
        await Expect(page.Locator("#resolve-note")).ToHaveTextAsync("Granted on purpose for the records export");

        await page.GetByRole(AriaRole.Link, new() { Name = "All incidents" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Notification settings" }).ClickAsync();
        await page.GetByLabel("Webhook URL").FillAsync("https://hooks.example.test/waymark");
        await page.GetByLabel("Contact 1").SelectOptionAsync(new SelectOptionValue { Label = $"{DashboardServer.OwnerEmail} (Owner)" });
        await page.GetByLabel("Acknowledge within (minutes)").FillAsync("15");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#webhook-secret")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^whsec_"));

        var settings = await api.GetFromJsonAsync<JsonObject>(new Uri("v1/incidents/settings", UriKind.Relative));
        Assert.Equal("https://hooks.example.test/waymark", (string?)settings!["webhook_url"]);
        Assert.Equal(15, (int)settings["acknowledge_within_minutes"]!);
        Assert.Single(settings["escalation_contacts"]!.AsArray());
        await owner.AssertNoErrorsAsync();
    }

    private static async Task WaitForIncidentAsync(HttpClient api, string title)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var list = await api.GetFromJsonAsync<JsonObject>(new Uri("v1/incidents", UriKind.Relative));
            if (list!["incidents"]!.AsArray().Any(i => (string?)i!["title"] == title))
            {
                return;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"No incident \"{title}\" within 60 s.");
            await Task.Delay(250);
        }
    }
}
