using Microsoft.Playwright;
using Waymark.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Experiences.Tests.EndToEnd;

/// <summary>
/// The SDK in real headless Chromium, in a customer's app on another origin under a strict CSP, against the real
/// server: targeting, stepping through a tour, the tooltip fallback, checklists, SPA routes, frequency and keyboard.
/// </summary>
public sealed class InAppExperienceTests(ExperiencesSiteFixture site) : IClassFixture<ExperiencesSiteFixture>
{
    private const string Trial = "trial-user";
    private const string Pro = "pro-user";

    [Fact]
    public async Task SampleApp_EnforcesAStrictPolicy_ThatRefusesInlineScript()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        await Expect(app.Page.Locator("#new-project")).ToBeVisibleAsync();
        var response = await app.Page.ReloadAsync();
        Assert.Equal(site.App.Policy, await response!.HeaderValueAsync("content-security-policy"));
        Assert.DoesNotContain("unsafe", site.App.Policy, StringComparison.Ordinal);

        // The listener the other tests rely on does see a violation under this policy.
        await app.Page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.head.append(s); }");
        await app.Browser.SettleAsync();
        Assert.False(await app.Page.EvaluateAsync<bool>("() => window.inlineRan === true"));
        Assert.Contains(app.Browser.CspViolations, v => v.Contains("script-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SegmentTargetedFlow_ShowsToTheTrialUser_AndNothingToTheProUser()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.IdentifyAsync(api, Trial, "trial");
        await Authoring.IdentifyAsync(api, Pro, "pro");
        var segment = await Authoring.CreateSegmentAsync(api, "Trial users", "plan", "trial");
        await Authoring.PublishFlowAsync(api, Definitions.Tour(segment));
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());

        await using var trial = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Trial, "trial"));
        await Expect(trial.Dialog(Definitions.TourTitle)).ToBeVisibleAsync();
        await Expect(trial.Dialog(Definitions.TourTitle)).ToContainTextAsync("Let's take a quick tour.");

        // Drawn in the SDK's shadow root, out of reach of the app's DOM and CSS, with the body's markup kept.
        Assert.Equal(0, await trial.Page.EvaluateAsync<int>("() => document.querySelectorAll('[role=dialog]').length"));
        Assert.Equal("quick", await trial.Page.EvaluateAsync<string?>("() => document.querySelector('[data-waymark]').shadowRoot.querySelector('[role=dialog] b')?.textContent"));

        // The checklist for everyone arrives in the same answer as any flow, so once its launcher shows, the
        // pro user's answer has been applied.
        await using var pro = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));
        await Expect(pro.Launcher).ToContainTextAsync("0/2");
        await Expect(pro.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await trial.AssertCleanAsync();
        await pro.AssertCleanAsync();
    }

    [Fact]
    public async Task SegmentOnTraitsSentOnlyByTheSdk_MatchesOnTheFirstVisit()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        var segment = await Authoring.CreateSegmentAsync(api, "Trial users", "plan", "trial");
        await Authoring.PublishFlowAsync(api, Definitions.Tour(segment));

        // No trait was stored before: the user's first content answer predates the SDK's identify call, and the SDK
        // asks again once that call is stored.
        await using var trial = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, "newcomer", "trial"));
        await Expect(trial.Dialog(Definitions.TourTitle)).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await trial.AssertCleanAsync();
    }

    [Fact]
    public async Task SteppingThroughTheTour_AnchorsTooltips_AdvancesOnClickAndEvent_AndRecordsProgress()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.IdentifyAsync(api, Trial, "trial");
        var segment = await Authoring.CreateSegmentAsync(api, "Trial users", "plan", "trial");
        var flow = await Authoring.PublishFlowAsync(api, Definitions.Tour(segment));
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Trial, "trial"));
        var page = app.Page;

        await app.Dialog(Definitions.TourTitle).GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // Side bottom, align center: just below the button and centred on it.
        var create = app.Dialog("Create a project");
        await Expect(create).ToBeVisibleAsync();
        await Expect(app.Dialog(Definitions.TourTitle)).ToHaveCountAsync(0);
        var button = await BoxOf(page.Locator("#new-project"));
        var tip = await BoxOf(create);
        Assert.InRange(tip.Y - (button.Y + button.Height), 0, 20);
        Assert.InRange(tip.X + (tip.Width / 2) - (button.X + (button.Width / 2)), -2, 2);

        await page.Locator("#new-project").ClickAsync();
        var invite = app.Dialog("Invite your team");
        await Expect(invite).ToBeVisibleAsync();
        await Expect(create).ToHaveCountAsync(0);
        var target = await BoxOf(page.Locator(".invite"));
        var inviteTip = await BoxOf(invite);
        Assert.InRange(inviteTip.X - (target.X + target.Width), 0, 20);

        await page.Locator(".invite").ClickAsync();
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await app.FlushAsync();

        var report = await Authoring.WaitForProgressAsync(api, $"/v1/flows/{flow}/progress", r => (int?)r["users_completed"] == 1);
        Assert.Equal(1, (int?)report["users_shown"]);
        Assert.Equal(0, (int?)report["users_dismissed"]);
        Assert.Equal([1, 1, 1], report["steps"]!.AsArray().Select(s => (int)s!["users_reached"]!));
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task TooltipWhoseTargetNeverAppears_ShowsAsACentredModal()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.PublishFlowAsync(api, Definitions.MissingTargetTip("Where is it?"));
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        var dialog = app.Dialog("Where is it?");
        await Expect(dialog).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(dialog).ToHaveAttributeAsync("aria-modal", "true");
        var box = await BoxOf(dialog);
        var viewport = app.Page.ViewportSize!;
        Assert.InRange(box.X + (box.Width / 2) - (viewport.Width / 2.0), -2, 2);
        Assert.InRange(box.Y + (box.Height / 2) - (viewport.Height / 2.0), -2, 2);

        // With no target to click, the step advances by button.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task Checklist_ShowsTheTaskDone_AfterTheAppTracksItsEvent()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        var checklist = await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        await Expect(app.Launcher).ToContainTextAsync("Get started");
        await Expect(app.Launcher).ToContainTextAsync("0/2");
        await app.Launcher.ClickAsync();
        var panel = app.Dialog("Get started");
        await Expect(panel.GetByRole(AriaRole.Img, new() { Name = "To do" })).ToHaveCountAsync(2);

        await app.Page.Locator("#new-project").ClickAsync();

        // "Created project" is a watched event: the SDK sends it and asks again, and the panel stays open.
        await Expect(app.Launcher).ToContainTextAsync("1/2");
        var done = panel.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Create a project" });
        await Expect(done.GetByRole(AriaRole.Img, new() { Name = "Done" })).ToBeVisibleAsync();
        await Expect(panel.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Invite a teammate" }).GetByRole(AriaRole.Img, new() { Name = "To do" })).ToBeVisibleAsync();

        var report = await Authoring.WaitForProgressAsync(api, $"/v1/checklists/{checklist}/progress", r => (int?)r["users_shown"] == 1);
        Assert.Equal([1, 0], report["tasks"]!.AsArray().Select(t => (int)t!["users_done"]!));
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task Checklist_ShowsTheTaskDone_WhenItsEventIsTrackedWhileAnEarlierBatchIsStillBeingSent()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));
        await Expect(app.Launcher).ToContainTextAsync("0/2");

        // Holds the next batch on its way to the server, as a slow network would.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await app.Page.RouteAsync("**/v1/batch", async route =>
        {
            if (route.Request.Method == "POST" && held.TrySetResult())
            {
                await release.Task;
            }

            await route.ContinueAsync();
        });
        await app.Page.EvaluateAsync("() => { void window.waymark.flush(); }");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await app.Page.Locator("#new-project").ClickAsync();
        release.SetResult();

        await Expect(app.Launcher).ToContainTextAsync("1/2", new() { Timeout = 15_000 });
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task FlowForAnSpaRoute_ShowsAfterPushStateNavigation_WithoutAPageLoad()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.PublishFlowAsync(api, Definitions.Announcement("Your projects", pages: [new { match = "starts_with", value = "/spa/projects" }]));
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());
        await using var app = await AppSession.OpenAsync(site.App.Url("/spa/home", writeKey, Pro, "pro"));
        var page = app.Page;

        await Expect(app.Launcher).ToContainTextAsync("0/2");
        await Expect(app.Dialog("Your projects")).ToHaveCountAsync(0);

        // A marker on the window survives only if the document does.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await page.GetByRole(AriaRole.Link, new() { Name = "Projects" }).ClickAsync();
        await Expect(page.Locator("#route-title")).ToHaveTextAsync("Projects");
        Assert.StartsWith("/spa/projects", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);

        await Expect(app.Dialog("Your projects")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task FlowShownOnce_IsNotShownAgain_AfterAReload()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        var flow = await Authoring.PublishFlowAsync(api, Definitions.Announcement("Just once", frequency: new { type = "once" }));
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        var dialog = app.Dialog("Just once");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Got it" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await app.FlushAsync();
        await Authoring.WaitForProgressAsync(api, $"/v1/flows/{flow}/progress", r => (int?)r["users_completed"] == 1);

        await app.Page.ReloadAsync();
        await Expect(app.Launcher).ToContainTextAsync("0/2");
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task Escape_DismissesTheModal_AndRecordsTheDismissal()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        var flow = await Authoring.PublishFlowAsync(api, Definitions.Announcement("Press Escape"));
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        var dialog = app.Dialog("Press Escape");
        await Expect(dialog).ToBeVisibleAsync();
        // Focus moved into the modal, so the key reaches it without a click.
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Got it" })).ToBeFocusedAsync();
        await app.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        await app.FlushAsync();

        var report = await Authoring.WaitForProgressAsync(api, $"/v1/flows/{flow}/progress", r => (int?)r["users_dismissed"] == 1);
        Assert.Equal(0, (int?)report["users_completed"]);
        Assert.Equal(1, (int?)report["users_shown"]);
        await app.AssertCleanAsync();
    }

    private static async Task<LocatorBoundingBoxResult> BoxOf(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("The element has no box: it is not rendered.");
}
