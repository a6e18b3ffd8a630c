using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Dashboard.Tests.Support;
using Waymark.TestSupport.Dashboard;
using Waymark.TestSupport.Email;
using Waymark.TestSupport.SampleApp;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Dashboard.Tests.Experiences;

/// <summary>
/// The flow editor in headless Chromium under the dashboard's CSP: an owner authors and publishes a three-step flow
/// with the form alone, and a viewer may look but every change they post is refused.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class FlowEditorBrowserTests
{
    [Fact]
    public async Task ProductManager_BuildsASegmentAFlowAndAChecklistInTheBrowser_AndTheRightUsersGetThemInTheirApp()
    {
        await using var server = await DashboardServer.StartAsync("sqlite");
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        var page = owner.Page;
        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(page, server);
        using var api = TeamSetup.ApiClient(server, serverKey);

        // The app's backend has told Waymark about two users; "plan" is a public key.
        (await api.PutAsJsonAsync(new Uri("v1/data-classes", UriKind.Relative), new { classes = new Dictionary<string, string> { ["plan"] = "public" } })).EnsureSuccessStatusCode();
        foreach (var (user, plan) in new[] { ("trial-user", "trial"), ("pro-user", "pro") })
        {
            (await api.PostAsJsonAsync(new Uri("v1/identify", UriKind.Relative), new { user_id = user, metadata = new { plan } })).EnsureSuccessStatusCode();
        }

        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "Segments" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New segment" }).ClickAsync();
        await page.GetByLabel("Segment name").FillAsync("Trial users");
        await page.GetByLabel("New rule").SelectOptionAsync(new SelectOptionValue { Label = "User trait" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to the top group" }).ClickAsync();
        await page.GetByLabel("Key", new() { Exact = true }).SelectOptionAsync("plan");
        await page.GetByLabel("Operator").SelectOptionAsync("equals");
        await page.GetByLabel("Value", new() { Exact = true }).FillAsync("trial");
        await page.GetByRole(AriaRole.Button, new() { Name = "Count users" }).Last.ClickAsync();
        await Expect(page.GetByText("1 of 2 users")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save segment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Trial users" })).ToBeVisibleAsync();

        await nav.GetByRole(AriaRole.Link, new() { Name = "Flows" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New flow" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Browser tour");
        await page.GetByLabel("Step 1: title").FillAsync("Welcome");
        await page.GetByLabel("Step 1: body").FillAsync("<p>Hello</p>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a button to step 1" }).ClickAsync();
        await page.GetByLabel("Button 1 label").FillAsync("Start");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a step" }).ClickAsync();
        await page.GetByLabel("Step 2: type").SelectOptionAsync("tooltip");
        await page.GetByLabel("Step 2: title").FillAsync("Create a project");
        await page.GetByLabel("Step 2: target (CSS selector)").FillAsync("#new-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a step" }).ClickAsync();
        await page.GetByLabel("Step 3: type").SelectOptionAsync("hotspot");
        await page.GetByLabel("Step 3: title").FillAsync("Reports");
        await page.GetByLabel("Step 3: target (CSS selector)").FillAsync("#reports");
        await Expect(page.GetByLabel("Step 1: title")).ToHaveValueAsync("Welcome");
        await page.GetByLabel("Segment", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Trial users" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).First.ClickAsync();
        await page.WaitForURLAsync(SavedFlow(), BrowserChecks.Navigated);
        await Expect(page.Locator("#draft-version")).ToHaveTextAsync("version 1");

        await page.GetByRole(AriaRole.Link, new() { Name = "Publish and versions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish version 1 to production" }).ClickAsync();
        await Expect(page.Locator("#production-version")).ToHaveTextAsync("version 1 live");

        var list = await api.GetFromJsonAsync<JsonObject>(new Uri("v1/flows", UriKind.Relative));
        var flow = list!["items"]!.AsArray().Single(f => (string?)f!["name"] == "Browser tour")!;
        Assert.Equal(1, (int)flow["production_version"]!);
        var detail = await api.GetFromJsonAsync<JsonObject>(new Uri($"v1/flows/{(string)flow["id"]!}", UriKind.Relative));
        var steps = detail!["definition"]!["steps"]!.AsArray();
        Assert.Equal(["modal", "tooltip", "hotspot"], steps.Select(s => (string)s!["type"]!));
        Assert.Equal("Start", (string)steps[0]!["buttons"]![0]!["label"]!);
        Assert.Equal("#reports", (string)steps[2]!["target"]!);

        // Every Experiences page, opened under the dashboard's CSP: nothing blocked, every field named.
        var id = (string)flow["id"]!;
        string[] experiences = ["flows", "flows/edit", $"flows/edit/{id}", $"{id}/versions", $"{id}/versions?version=1", $"{id}/progress", "checklists", "checklists/edit", "install"];
        foreach (var path in experiences.Select(p => $"experiences/{p}").Concat(["segments", "segments/new", "settings/identity-verification"]))
        {
            var response = await page.GotoAsync($"/w/{ws}/{path}");
            Assert.Equal(200, response!.Status);
            var unlabelled = await page.UnlabelledFieldsAsync();
            Assert.True(unlabelled.Length == 0, $"{path}: {string.Join('\n', unlabelled)}");
        }

        // A checklist whose first task completes when the app tracks "Created project".
        await nav.GetByRole(AriaRole.Link, new() { Name = "Checklists" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "New checklist" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Getting started");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Get started");
        await page.GetByLabel("Task 1: title").FillAsync("Create a project");
        await page.GetByLabel("Task 1: event name").FillAsync("Created project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a task" }).ClickAsync();
        await page.GetByLabel("Task 2: title").FillAsync("Invite your team");
        await page.GetByLabel("Task 2: event name").FillAsync("Invited teammate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Publish and versions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish version 1 to production" }).ClickAsync();
        await Expect(page.Locator("#production-version")).ToHaveTextAsync("version 1 live");

        // The snippet's write key, issued on the install page and shown once.
        await nav.GetByRole(AriaRole.Link, new() { Name = "Install the SDK" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a write key and show the snippet" }).ClickAsync();
        var writeKey = await page.GetByLabel("Write key", new() { Exact = true }).InputValueAsync();
        await owner.AssertNoErrorsAsync();

        // The customer's app, on its own origin under a strict CSP: the trial user gets the tour and the checklist,
        // the pro user only the checklist; doing the task in the app ticks it off.
        await using var app = await SampleAppServer.StartAsync(server.BaseAddress);
        var trial = await page.Context.NewPageAsync();
        await trial.GotoAsync(app.Url("/index.html", writeKey, "trial-user", "trial"));
        var trialWidgets = trial.Locator("[data-waymark]");
        await Expect(trialWidgets.GetByRole(AriaRole.Dialog, new() { Name = "Welcome" })).ToBeVisibleAsync();
        await Expect(trialWidgets.Locator("button.k")).ToContainTextAsync("0/2");
        await trialWidgets.GetByRole(AriaRole.Dialog, new() { Name = "Welcome" }).GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        await Expect(trialWidgets.GetByRole(AriaRole.Dialog, new() { Name = "Create a project" })).ToBeVisibleAsync();
        await trial.Locator("#new-project").ClickAsync();
        await Expect(trialWidgets.Locator("button.k")).ToContainTextAsync("1/2");

        var pro = await page.Context.NewPageAsync();
        await pro.GotoAsync(app.Url("/index.html", writeKey, "pro-user", "pro"));
        var proWidgets = pro.Locator("[data-waymark]");
        await Expect(proWidgets.Locator("button.k")).ToContainTextAsync("0/2");
        await Expect(proWidgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // And the dashboard shows who got how far.
        await trial.EvaluateAsync("() => waymark.flush()");
        await page.GotoAsync($"/w/{ws}/experiences/{id}/progress");
        await Expect(page.Locator("#users-shown")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Viewer_SeesTheFlows_ButEveryChangeTheyPostIsRefused()
    {
        await using var mail = await SmtpSink.StartAsync();
        await using var server = await DashboardServer.StartAsync("sqlite", mail);
        await using var owner = await BrowserChecks.NewSessionAsync(server);
        await using var viewer = await BrowserChecks.NewSessionAsync(server);
        var (serverKey, ws) = await TeamSetup.SetUpOwnerAsync(owner.Page, server);
        using var api = TeamSetup.ApiClient(server, serverKey);
        var created = await api.PostAsJsonAsync(new Uri("v1/flows", UriKind.Relative), new
        {
            name = "Viewer tour",
            steps = new[] { new { type = "modal", title = "Hi", body = "" } },
        });
        created.EnsureSuccessStatusCode();
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["content"]!["id"]!;
        await TeamSetup.JoinAsMemberAsync(server, serverKey, mail, viewer.Page, "viewer@example.com", "viewer-harbour-lantern-42", "viewer");

        var v = viewer.Page;
        await v.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Flows" }).ClickAsync();
        await Expect(v.GetByRole(AriaRole.Link, new() { Name = "Viewer tour", Exact = true })).ToBeVisibleAsync();
        await Expect(v.GetByRole(AriaRole.Link, new() { Name = "New flow" })).ToHaveCountAsync(0);
        await v.GotoAsync($"/w/{ws}/experiences/{id}/versions");
        await Expect(v.GetByRole(AriaRole.Button, new() { Name = "Publish version 1 to production" })).ToHaveCountAsync(0);

        var token = await v.Locator($"input[name={DashboardClient.AntiforgeryField}]").First.InputValueAsync();
        var publish = await v.APIRequest.PostAsync($"/w/{ws}/experiences/{id}/versions?handler=publish", new()
        {
            Form = v.APIRequest.CreateFormData().Set("environment", "production").Set(DashboardClient.AntiforgeryField, token),
        });
        var save = await v.APIRequest.PostAsync($"/w/{ws}/experiences/flows/edit/{id}", new()
        {
            Form = v.APIRequest.CreateFormData().Set("Form.Name", "Renamed by a viewer").Set("command", "save").Set(DashboardClient.AntiforgeryField, token),
        });
        var addStep = await v.APIRequest.PostAsync($"/w/{ws}/experiences/flows/edit", new()
        {
            Form = v.APIRequest.CreateFormData().Set("command", "add-step").Set(DashboardClient.AntiforgeryField, token),
        });

        Assert.Equal(403, publish.Status);
        Assert.Equal(403, save.Status);
        Assert.Equal(403, addStep.Status);
        var flow = await api.GetFromJsonAsync<JsonObject>(new Uri($"v1/flows/{id}", UriKind.Relative));
        Assert.Equal("Viewer tour", (string)flow!["content"]!["name"]!);
        Assert.Null(flow["content"]!["production_version"]);
        await owner.AssertNoErrorsAsync();
        await viewer.AssertNoErrorsAsync();
    }

    [GeneratedRegex(@"/experiences/flows/edit/flw_[0-9a-f]+$")]
    private static partial Regex SavedFlow();
}
