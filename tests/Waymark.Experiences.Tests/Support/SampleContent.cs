namespace Waymark.Experiences.Tests.Support;

/// <summary>Definitions as a product manager would send them.</summary>
internal static class SampleContent
{
    public static object Flow(string name = "Welcome tour", string? segmentId = null, object? trigger = null, object? frequency = null, int priority = 0, object[]? pages = null) => new
    {
        name,
        steps = new object[]
        {
            new { id = "welcome", type = "modal", title = "Welcome", body = "<p>Hello <b>there</b><script>alert(1)</script><img src=x onerror=alert(1)></p><a href=\"javascript:alert(1)\">x</a><a href=\"https://example.com\">docs</a>", buttons = new object[] { new { label = "Start", action = "next" }, new { label = "Not now", action = "dismiss" } } },
            new { id = "create", type = "tooltip", target = "#new-project", side = "bottom", align = "center", title = "Create a project", body = "", advance = new { on = "click" } },
            new { id = "invite", type = "tooltip", target = ".invite", title = "Invite your team", body = "", advance = new { on = "event", @event = "Invited teammate" } },
        },
        targeting = new
        {
            segment_id = segmentId,
            pages = pages ?? [],
            trigger = trigger ?? new { type = "page_load" },
            frequency = frequency ?? new { type = "until_completed", cooldown_minutes = 0 },
            priority,
            starts_at = (string?)null,
            ends_at = (string?)null,
        },
    };

    public static object Checklist(string flowId, string name = "Getting started") => new
    {
        name,
        title = "Get started",
        tasks = new object[]
        {
            new { id = "project", title = "Create a project", description = "", completes_on = new { type = "event", @event = "Created project" } },
            new { id = "tour", title = "Take the tour", description = "", completes_on = new { type = "flow", flow_id = flowId }, action = new { type = "flow", flow_id = flowId } },
        },
        targeting = new { segment_id = (string?)null, pages = Array.Empty<object>(), priority = 0 },
    };
}
