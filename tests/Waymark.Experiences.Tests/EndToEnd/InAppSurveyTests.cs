using Microsoft.Playwright;
using Waymark.TestSupport;
using static Microsoft.Playwright.Assertions;
using static Waymark.TestSupport.WorkspaceClient;

namespace Waymark.Experiences.Tests.EndToEnd;

/// <summary>
/// Surveys from the API to the sample app and back: the embedded SDK in headless Chromium under the app's strict CSP
/// shows, branches and records them, and the server's results, answers and frequency rules see what the user did.
/// </summary>
public sealed class InAppSurveyTests(ExperiencesSiteFixture site) : IClassFixture<ExperiencesSiteFixture>
{
    private const string Trial = "trial-user";
    private const string Pro = "pro-user";
    private const string Typed = "Faster reports, please";

    [Fact]
    public async Task NpsSurvey_ForASegment_BranchesADetractorToText_AndIsCountedOnceAcrossReloadsAndDevices()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.IdentifyAsync(api, Trial, "trial");
        await Authoring.IdentifyAsync(api, Pro, "pro");
        var segment = await Authoring.CreateSegmentAsync(api, "Trial users", "plan", "trial");
        var survey = await Authoring.PublishSurveyAsync(api, Definitions.Nps(segment, new { type = "once" }));
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());

        // The checklist for everyone comes in the same answer as any survey, so once its launcher shows, the pro
        // user's answer has been applied.
        await using (var pro = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro")))
        {
            await Expect(pro.Launcher).ToContainTextAsync("0/2");
            await Expect(pro.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
            await pro.AssertCleanAsync();
        }

        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Trial, "trial"));
        var nps = app.Dialog(Definitions.NpsPrompt);
        await Expect(nps).ToBeVisibleAsync();
        await Expect(nps).ToContainTextAsync("Not likely");
        await Expect(nps.GetByRole(AriaRole.Radio)).ToHaveCountAsync(11);
        await nps.GetByRole(AriaRole.Radio, new() { Name = "3", Exact = true }).ClickAsync();

        var improve = app.Dialog(Definitions.ImprovePrompt);
        await Expect(improve).ToBeVisibleAsync();
        await improve.GetByRole(AriaRole.Textbox).FillAsync(Typed);
        await improve.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(app.Widgets.GetByRole(AriaRole.Status)).ToHaveTextAsync(Definitions.ThankYou);
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await app.FlushAsync();

        await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/progress", r => (int?)r["users_completed"] == 1);
        var results = await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/results", r => (int?)r["responses"] == 1);
        var npsResult = results["questions"]![0]!;
        Assert.Equal(1, (int?)npsResult["answers"]);
        Assert.Equal(-100, (int?)npsResult["nps"]!["score"]);
        Assert.Equal(1, (int?)npsResult["nps"]!["detractors"]);
        Assert.Equal(1, (int?)npsResult["distribution"]!.AsArray().Single(d => (string?)d!["value"] == "3")!["count"]);
        Assert.Equal(1, (int?)results["questions"]![1]!["answers"]);

        using var reader = await api.KeyClientAsync("data:read");
        var answers = await GetJsonAsync(reader, $"/v1/surveys/{survey}/answers?question=q2");
        var answer = Assert.Single(answers["answers"]!.AsArray())!;
        Assert.Equal(Typed, (string?)answer["text"]);
        Assert.Equal(Trial, (string?)answer["user_id"]);

        // Frequency once: neither a reload nor another device shows it again.
        await app.Page.ReloadAsync();
        await Expect(app.Launcher).ToContainTextAsync("0/2");
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await using var otherDevice = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Trial, "trial"));
        await Expect(otherDevice.Launcher).ToContainTextAsync("0/2");
        await Expect(otherDevice.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await app.AssertCleanAsync();
        await otherDevice.AssertCleanAsync();
    }

    [Fact]
    public async Task KeyboardOnly_AnswersWithArrowKeys_AndEscapeDismisses_UntilTheCoolDownEnds()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        var survey = await Authoring.PublishSurveyAsync(api, Definitions.Nps(null, new { type = "until_completed", cooldown_minutes = 60 }));
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));
        var keyboard = app.Page.Keyboard;

        // Focus moved into the radio group, onto its one tab stop, so no click is needed.
        var nps = app.Dialog(Definitions.NpsPrompt);
        var radio = (string value) => nps.GetByRole(AriaRole.Radio, new() { Name = value, Exact = true });
        await Expect(radio("0")).ToBeFocusedAsync();
        await keyboard.PressAsync("ArrowRight");
        await keyboard.PressAsync("ArrowRight");
        await keyboard.PressAsync("ArrowRight");
        await keyboard.PressAsync("ArrowRight");
        await keyboard.PressAsync("ArrowLeft");
        await Expect(radio("3")).ToBeFocusedAsync();
        await Expect(radio("3")).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(radio("4")).ToHaveAttributeAsync("aria-checked", "false");
        // One tab stop for the group: Tab leaves it for the close button, Shift+Tab comes back to the chosen value.
        await keyboard.PressAsync("Tab");
        await Expect(nps.GetByRole(AriaRole.Button, new() { Name = "Close" })).ToBeFocusedAsync();
        await keyboard.PressAsync("Shift+Tab");
        await Expect(radio("3")).ToBeFocusedAsync();
        await keyboard.PressAsync("Enter");

        var improve = app.Dialog(Definitions.ImprovePrompt);
        await Expect(improve.GetByRole(AriaRole.Textbox)).ToBeFocusedAsync();
        await keyboard.PressAsync("Escape");
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await app.FlushAsync();

        var progress = await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/progress", r => (int?)r["users_dismissed"] == 1);
        Assert.Equal(1, (int?)progress["users_shown"]);
        Assert.Equal(0, (int?)progress["users_completed"]);
        // The score was sent when the user moved on, before the dismissal.
        var results = await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/results", r => (int?)r["responses"] == 1);
        Assert.Equal(1, (int?)results["questions"]![0]!["nps"]!["detractors"]);
        Assert.Equal(0, (int?)results["questions"]![1]!["answers"]);

        // until_completed: a dismissal waits for the cool-down (60 minutes) like a view does.
        await app.Page.ReloadAsync();
        await Expect(app.Launcher).ToContainTextAsync("0/2");
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task OnANarrowScreen_TheSurveyIsABottomSheet_StillWhenMotionIsReduced_AndOnADesktopAnAnimatedCardAtTheBottomRight()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.PublishSurveyAsync(api, Definitions.Nps(null, new { type = "every_time" }));
        var url = site.App.Url("/index.html", writeKey, Pro, "pro");

        await using var phone = await AppSession.OpenAsync(url, new() { ViewportSize = new() { Width = 375, Height = 667 }, ReducedMotion = ReducedMotion.Reduce });
        var sheet = await BoxOf(phone.Dialog(Definitions.NpsPrompt));
        Assert.Equal((0d, 375d, 667d), (sheet.X, sheet.Width, Math.Round(sheet.Y + sheet.Height)));
        Assert.Equal("none", await AnimationOf(phone.Dialog(Definitions.NpsPrompt)));

        await using var desktop = await AppSession.OpenAsync(url);
        var card = await BoxOf(desktop.Dialog(Definitions.NpsPrompt));
        var viewport = desktop.Page.ViewportSize!;
        Assert.InRange(viewport.Width - (card.X + card.Width), 1, 40);
        Assert.InRange(viewport.Height - (card.Y + card.Height), 1, 40);
        Assert.True(card.Width < viewport.Width / 2, $"The card is {card.Width}px wide in a {viewport.Width}px window.");
        Assert.NotEqual("none", await AnimationOf(desktop.Dialog(Definitions.NpsPrompt)));

        await phone.AssertCleanAsync();
        await desktop.AssertCleanAsync();
    }

    [Fact]
    public async Task WithAChecklistLauncher_TheSurveyCardSitsAboveIt_AndBothStayClickable()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.PublishSurveyAsync(api, Definitions.Nps(null, new { type = "every_time" }));
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        var nps = app.Dialog(Definitions.NpsPrompt);
        await Expect(nps).ToBeVisibleAsync();
        await Expect(app.Launcher).ToContainTextAsync("0/2");
        var card = await BoxOf(nps);
        var launcher = await BoxOf(app.Launcher);
        Assert.True(card.Y + card.Height <= launcher.Y, $"The card ends at {card.Y + card.Height}px, the launcher starts at {launcher.Y}px.");

        // Nothing covers either: the launcher still opens its panel while the survey is on screen.
        await app.Launcher.ClickAsync(new() { Trial = true });
        await nps.GetByRole(AriaRole.Radio, new() { Name = "9", Exact = true }).ClickAsync(new() { Trial = true });
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task ManualSurvey_ShowsOnlyWhenThePageTriggersIt_AndEndClosesItAsDismissed()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        var survey = await Authoring.PublishSurveyAsync(api, Definitions.Nps(null, new { type = "every_time" }, trigger: new { type = "manual" }));
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        await Expect(app.Launcher).ToContainTextAsync("0/2");
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        var newProject = app.Page.Locator("#new-project");
        await newProject.FocusAsync();
        await app.Page.EvaluateAsync("id => window.waymark.trigger(id)", survey);
        var nps = app.Dialog(Definitions.NpsPrompt);
        await Expect(nps.GetByRole(AriaRole.Radio, new() { Name = "0", Exact = true })).ToBeFocusedAsync();
        await app.Page.EvaluateAsync("id => window.waymark.end(id)", survey);
        await Expect(nps).ToHaveCountAsync(0);
        // Focus goes back to where the user was.
        await Expect(newProject).ToBeFocusedAsync();
        await app.FlushAsync();
        await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/progress", r => (int?)r["users_dismissed"] == 1);

        // trigger() shows it again on the same page, as it does for a flow that ended.
        await app.Page.EvaluateAsync("id => window.waymark.trigger(id)", survey);
        await Expect(nps).ToBeVisibleAsync();
        await nps.GetByRole(AriaRole.Radio, new() { Name = "10", Exact = true }).ClickAsync();
        await Expect(app.Widgets.GetByRole(AriaRole.Status)).ToHaveTextAsync(Definitions.ThankYou);
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await app.FlushAsync();

        var results = await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/results", r => (int?)r["responses"] == 1);
        Assert.Equal(100, (int?)results["questions"]![0]!["nps"]!["score"]);
        await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/progress", r => (int?)r["users_completed"] == 1);
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task EventTriggeredSurvey_ShowsWhenTheAppTracksTheEvent()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        await Authoring.PublishSurveyAsync(api, Definitions.Nps(null, new { type = "once" }, trigger: new { type = "event", @event = "Created project" }));
        await Authoring.PublishChecklistAsync(api, Definitions.GettingStarted());
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        await Expect(app.Launcher).ToContainTextAsync("0/2");
        await Expect(app.Widgets.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await app.Page.Locator("#new-project").ClickAsync();
        await Expect(app.Dialog(Definitions.NpsPrompt)).ToBeVisibleAsync();
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task ChoiceAndRatingQuestions_AnsweredWithTheMouse_AreCountedInTheResults()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        var survey = await Authoring.PublishSurveyAsync(api, Definitions.Usage());
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        // No branch matches "Reports", so the next question in order follows.
        await app.Dialog("What do you use most?").GetByRole(AriaRole.Radio, new() { Name = "Reports" }).ClickAsync();
        var also = app.Dialog("What else do you use?");
        var next = also.GetByRole(AriaRole.Button, new() { Name = "Next" });
        await Expect(next).ToBeDisabledAsync();
        await also.GetByRole(AriaRole.Checkbox, new() { Name = "Reports" }).ClickAsync();
        await also.GetByRole(AriaRole.Checkbox, new() { Name = "API" }).ClickAsync();
        await Expect(also.GetByRole(AriaRole.Checkbox, new() { Name = "API" })).ToHaveAttributeAsync("aria-checked", "true");
        await next.ClickAsync();
        var rating = app.Dialog("How satisfied are you?");
        await Expect(rating.GetByRole(AriaRole.Radio)).ToHaveCountAsync(5);
        await rating.GetByRole(AriaRole.Radio, new() { Name = "4", Exact = true }).ClickAsync();
        await Expect(app.Widgets.GetByRole(AriaRole.Status)).ToHaveTextAsync(Definitions.ThankYou);
        await app.FlushAsync();

        var results = await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/results", r => (int?)r["questions"]![2]!["answers"] == 1);
        var counts = (int question) => results["questions"]![question]!["distribution"]!.AsArray().Select(d => ((string?)d!["value"], (int?)d["count"]));
        Assert.Equal([("reports", 1), ("api", 0)], counts(0));
        Assert.Equal([("reports", 1), ("api", 1)], counts(1));
        Assert.Equal(4.0, (double?)results["questions"]![2]!["average"]);
        await app.AssertCleanAsync();
    }

    [Fact]
    public async Task EventFlow_WaitsWhileASurveyIsOpen_AndTheSurveyIsNotLost()
    {
        var (api, writeKey) = await Authoring.NewWorkspaceAsync(site.Server);
        var survey = await Authoring.PublishSurveyAsync(api, Definitions.Nps(null, new { type = "once" }));
        await Authoring.PublishFlowAsync(api, new
        {
            name = "Invite help",
            steps = new object[] { new { id = "news", type = "modal", title = "Invites", body = "<p>Sent.</p>", buttons = new object[] { new { label = "Got it", action = "complete" } } } },
            targeting = new { segment_id = (string?)null, pages = Array.Empty<object>(), trigger = new { type = "event", @event = "Invited teammate" }, frequency = new { type = "every_time" }, priority = 10 },
        });
        await using var app = await AppSession.OpenAsync(site.App.Url("/index.html", writeKey, Pro, "pro"));

        await Expect(app.Dialog(Definitions.NpsPrompt)).ToBeVisibleAsync();
        await app.Page.Locator(".invite").ClickAsync();
        await Expect(app.Dialog(Definitions.NpsPrompt)).ToBeVisibleAsync();
        await Expect(app.Dialog("Invites")).ToHaveCountAsync(0);

        await app.Dialog(Definitions.NpsPrompt).GetByRole(AriaRole.Radio, new() { Name = "10", Exact = true }).ClickAsync();
        await Expect(app.Widgets.GetByRole(AriaRole.Status)).ToHaveTextAsync(Definitions.ThankYou);
        await Expect(app.Widgets.Locator(".sv")).ToHaveCountAsync(0);
        await app.FlushAsync();
        await Authoring.WaitForProgressAsync(api, $"/v1/surveys/{survey}/progress", r => (int?)r["users_completed"] == 1);
        await app.Page.Locator(".invite").ClickAsync();
        await Expect(app.Dialog("Invites")).ToBeVisibleAsync();
        await app.AssertCleanAsync();
    }

    private static Task<string> AnimationOf(ILocator locator) => locator.EvaluateAsync<string>("e => getComputedStyle(e).animationName");

    private static async Task<LocatorBoundingBoxResult> BoxOf(ILocator locator)
    {
        await Expect(locator).ToBeVisibleAsync();
        return await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("The element has no box: it is not rendered.");
    }
}
