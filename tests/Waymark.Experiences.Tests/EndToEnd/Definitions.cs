namespace Waymark.Experiences.Tests.EndToEnd;

/// <summary>The flows, checklists and surveys the end-to-end tests publish, shaped as docs/experiences.md and docs/surveys.md define them.</summary>
internal static class Definitions
{
    public const string TourTitle = "Welcome to Acme";

    public const string NpsPrompt = "How likely are you to recommend Acme to a friend?";

    public const string ImprovePrompt = "What should we improve?";

    public const string ThankYou = "Thanks for your answer!";

    /// <summary>A modal, then a tooltip on #new-project that advances on click, then one on .invite that waits for the event.</summary>
    public static object Tour(string? segmentId) => Flow(
        "Welcome tour",
        segmentId,
        pages: [],
        frequency: null,
        new
        {
            id = "welcome",
            type = "modal",
            title = TourTitle,
            body = "<p>Let's take a <b>quick</b> tour.</p>",
            buttons = new object[] { new { label = "Next", action = "next" }, new { label = "Not now", action = "dismiss" } },
        },
        new { id = "create", type = "tooltip", target = "#new-project", side = "bottom", align = "center", title = "Create a project", body = "<p>Click here.</p>", advance = new { on = "click" } },
        new { id = "invite", type = "tooltip", target = ".invite", side = "right", align = "start", title = "Invite your team", body = "", advance = new { on = "event", @event = "Invited teammate" } });

    /// <summary>One modal step with a button that completes the flow.</summary>
    public static object Announcement(string title, object[]? pages = null, object? frequency = null) => Flow(
        title,
        segmentId: null,
        pages ?? [],
        frequency,
        new { id = "news", type = "modal", title, body = "<p>Something new.</p>", buttons = new object[] { new { label = "Got it", action = "complete" } } });

    /// <summary>One tooltip step on a selector the page never has.</summary>
    public static object MissingTargetTip(string title) => Flow(
        title,
        segmentId: null,
        pages: [],
        frequency: null,
        new { id = "lost", type = "tooltip", target = "#not-on-this-page", side = "bottom", align = "center", title, body = "<p>Over here.</p>" });

    public static object GettingStarted() => new
    {
        name = "Getting started",
        title = "Get started",
        tasks = new object[]
        {
            new { id = "project", title = "Create a project", description = "", completes_on = new { type = "event", @event = "Created project" } },
            new { id = "invite", title = "Invite a teammate", description = "", completes_on = new { type = "event", @event = "Invited teammate" } },
        },
        targeting = new { segment_id = (string?)null, pages = Array.Empty<object>(), priority = 0, starts_at = (string?)null, ends_at = (string?)null },
    };

    /// <summary>NPS, then the text question for detractors only (promoters and passives end at once).</summary>
    public static object Nps(string? segmentId, object frequency, object? trigger = null) => new
    {
        name = "NPS Q4",
        questions = new object[]
        {
            new
            {
                id = "q1",
                type = "nps",
                prompt = NpsPrompt,
                low_label = "Not likely",
                high_label = "Very likely",
                next = new object[] { new { when = new { min = 0, max = 6 }, go_to = "q2" }, new { when = new { min = 7, max = 10 }, go_to = "end" } },
            },
            new { id = "q2", type = "text", prompt = ImprovePrompt, placeholder = "Tell us" },
        },
        thank_you = ThankYou,
        targeting = new
        {
            segment_id = segmentId,
            pages = Array.Empty<object>(),
            trigger = trigger ?? new { type = "page_load" },
            frequency,
            priority = 10,
            starts_at = (string?)null,
            ends_at = (string?)null,
        },
    };

    /// <summary>Single choice (API users skip the second question), multiple choice, then a 1–5 rating.</summary>
    public static object Usage() => new
    {
        name = "Usage",
        questions = new object[]
        {
            new { id = "most", type = "single_choice", prompt = "What do you use most?", options = Options(), next = new object[] { new { when = new { choice = "api" }, go_to = "rating" } } },
            new { id = "also", type = "multiple_choice", prompt = "What else do you use?", options = Options() },
            new { id = "rating", type = "rating", prompt = "How satisfied are you?", scale = 5 },
        },
        thank_you = ThankYou,
        targeting = new { segment_id = (string?)null, pages = Array.Empty<object>(), trigger = new { type = "page_load" }, frequency = new { type = "once" }, priority = 0 },
    };

    private static object[] Options() => [new { id = "reports", label = "Reports" }, new { id = "api", label = "API" }];

    private static object Flow(string name, string? segmentId, object[] pages, object? frequency, params object[] steps) => new
    {
        name,
        steps,
        targeting = new
        {
            segment_id = segmentId,
            pages,
            trigger = new { type = "page_load" },
            frequency = frequency ?? new { type = "until_completed", cooldown_minutes = 60 },
            priority = 10,
            starts_at = (string?)null,
            ends_at = (string?)null,
        },
    };
}
