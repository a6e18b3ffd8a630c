using System.Text.Json;
using System.Text.Json.Serialization;
using Waymark.Api;

namespace Waymark.Experiences.Definitions;

/// <summary>
/// Reads a flow or checklist (surveys: <see cref="Surveys.SurveyDefinitionReader"/>) from JSON and checks it whole: every problem is a 400 that names the field and says what
/// to send instead, and what is saved is the normalised form (defaults filled in, rich text sanitised).
/// </summary>
internal static class DefinitionReader
{
    public const int MaxBodyBytes = 256 * 1024;
    private const int MaxSteps = 20;
    private const int MaxTasks = 20;
    private const int MaxButtons = 4;
    private const int MaxPages = 20;
    private const int MaxText = 200;
    private const int MaxBody = 10_000;
    private const int MaxUrl = 2048;
    private const int MaxSelector = 500;
    private const int MaxCooldownMinutes = 525_600;

    public static readonly JsonSerializerOptions Json = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        MaxDepth = 16,
    };

    public static Outcome<FlowDefinition> ReadFlow(ReadOnlySpan<byte> json)
    {
        var parsed = Deserialize<FlowDefinition>(json, ContentKind.Flow);
        return parsed.Refusal is { } refusal ? refusal : Check(parsed.Value!);
    }

    public static Outcome<ChecklistDefinition> ReadChecklist(ReadOnlySpan<byte> json)
    {
        var parsed = Deserialize<ChecklistDefinition>(json, ContentKind.Checklist);
        return parsed.Refusal is { } refusal ? refusal : Check(parsed.Value!);
    }

    internal static Outcome<T> Deserialize<T>(ReadOnlySpan<byte> json, ContentKind kind)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) is { } value ? value : Invalid(kind, "Send a JSON object.");
        }
        catch (JsonException e)
        {
            // The serializer names the path and the expected type; it never echoes the submitted value.
            var where = e.Path is { Length: > 0 } path ? $" at {path}" : "";
            return Invalid(kind, $"The definition could not be read{where}: check field names and types against docs/experiences.md.");
        }
    }

    private static Outcome<FlowDefinition> Check(FlowDefinition flow)
    {
        const ContentKind kind = ContentKind.Flow;
        if (CheckName(kind, flow.Name) is { } badName)
        {
            return badName;
        }

        if (flow.Steps is null || flow.Steps.Count is 0 or > MaxSteps)
        {
            return Invalid(kind, $"A flow has 1 to {MaxSteps} steps.");
        }

        var steps = new List<FlowStep>(flow.Steps.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < flow.Steps.Count; i++)
        {
            var step = flow.Steps[i];
            var at = $"steps[{i}]";
            var id = string.IsNullOrEmpty(step.Id) ? $"step-{i + 1}" : step.Id;
            if (!IsId(id) || !ids.Add(id))
            {
                return Invalid(kind, $"{at}.id must be unique in the flow: up to 40 letters, digits, '-' or '_'.");
            }

            if (Array.IndexOf(FlowStep.Types, step.Type) < 0)
            {
                return Invalid(kind, $"{at}.type must be one of {string.Join(", ", FlowStep.Types)}.");
            }

            var anchored = step.Type is "tooltip" or "hotspot";
            if (anchored && (string.IsNullOrWhiteSpace(step.Target) || step.Target.Length > MaxSelector))
            {
                return Invalid(kind, $"{at}.target must be a CSS selector (up to {MaxSelector} characters) for a {step.Type}.");
            }

            if (step.Side is { } side && Array.IndexOf(FlowStep.Sides, side) < 0)
            {
                return Invalid(kind, $"{at}.side must be one of {string.Join(", ", FlowStep.Sides)}.");
            }

            if (step.Align is { } align && Array.IndexOf(FlowStep.Aligns, align) < 0)
            {
                return Invalid(kind, $"{at}.align must be one of {string.Join(", ", FlowStep.Aligns)}.");
            }

            if (step.Position is { } position && Array.IndexOf(FlowStep.Positions, position) < 0)
            {
                return Invalid(kind, $"{at}.position must be top or bottom.");
            }

            if ((CheckText(kind, $"{at}.title", step.Title, MaxText) ?? CheckText(kind, $"{at}.body", step.Body, MaxBody)) is { } badText)
            {
                return badText;
            }

            if (step.Buttons is null || step.Buttons.Count > MaxButtons)
            {
                return Invalid(kind, $"{at}.buttons holds at most {MaxButtons} buttons.");
            }

            for (var b = 0; b < step.Buttons.Count; b++)
            {
                if (CheckButton(step.Buttons[b], $"{at}.buttons[{b}]") is { } badButton)
                {
                    return badButton;
                }
            }

            var advance = step.Advance ?? new Advance();
            if (Array.IndexOf(Advance.Ons, advance.On) < 0)
            {
                return Invalid(kind, $"{at}.advance.on must be one of {string.Join(", ", Advance.Ons)}.");
            }

            if (advance.On == "click" && !anchored)
            {
                return Invalid(kind, $"{at}.advance.on 'click' needs a step with a target (tooltip or hotspot).");
            }

            if (advance.On == "event" && CheckEventName(kind, $"{at}.advance.event", advance.Event) is { } badEvent)
            {
                return badEvent;
            }

            steps.Add(step with
            {
                Id = id,
                Body = RichText.Sanitize(step.Body ?? ""),
                Side = anchored ? step.Side ?? "bottom" : null,
                Align = anchored ? step.Align ?? "center" : null,
                Position = step.Type == "banner" ? step.Position ?? "top" : null,
                Target = anchored ? step.Target : null,
                Advance = advance.On == "event" ? advance : advance with { Event = null },
            });
        }

        var targeting = CheckTargeting(kind, flow.Targeting ?? new Targeting(), allowTrigger: true);
        return targeting.Refusal is { } badTargeting ? badTargeting : flow with { Name = flow.Name.Trim(), Steps = steps, Targeting = targeting.Value! };
    }

    private static Outcome<ChecklistDefinition> Check(ChecklistDefinition checklist)
    {
        const ContentKind kind = ContentKind.Checklist;
        if ((CheckName(kind, checklist.Name) ?? CheckText(kind, "title", checklist.Title, MaxText)) is { } bad)
        {
            return bad;
        }

        if (checklist.Tasks is null || checklist.Tasks.Count is 0 or > MaxTasks)
        {
            return Invalid(kind, $"A checklist has 1 to {MaxTasks} tasks.");
        }

        var tasks = new List<ChecklistTask>(checklist.Tasks.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < checklist.Tasks.Count; i++)
        {
            var task = checklist.Tasks[i];
            var at = $"tasks[{i}]";
            var id = string.IsNullOrEmpty(task.Id) ? $"task-{i + 1}" : task.Id;
            if (!IsId(id) || !ids.Add(id))
            {
                return Invalid(kind, $"{at}.id must be unique in the checklist: up to 40 letters, digits, '-' or '_'.");
            }

            if ((CheckText(kind, $"{at}.title", task.Title, MaxText) ?? CheckText(kind, $"{at}.description", task.Description, MaxBody)) is { } badText)
            {
                return badText;
            }

            if (string.IsNullOrWhiteSpace(task.Title))
            {
                return Invalid(kind, $"{at}.title is required.");
            }

            var completion = task.CompletesOn ?? new TaskCompletion();
            var badCompletion = completion.Type switch
            {
                "event" => CheckEventName(kind, $"{at}.completes_on.event", completion.Event),
                "flow" => CheckFlowId(kind, $"{at}.completes_on.flow_id", completion.FlowId),
                _ => Invalid(kind, $"{at}.completes_on.type must be event or flow."),
            };
            if (badCompletion is not null)
            {
                return badCompletion;
            }

            if (task.Action is { } action)
            {
                var badAction = action.Type switch
                {
                    "url" => CheckUrl(kind, $"{at}.action.url", action.Url),
                    "flow" => CheckFlowId(kind, $"{at}.action.flow_id", action.FlowId),
                    _ => Invalid(kind, $"{at}.action.type must be url or flow."),
                };
                if (badAction is not null)
                {
                    return badAction;
                }
            }

            tasks.Add(task with
            {
                Id = id,
                Description = RichText.Sanitize(task.Description ?? ""),
                CompletesOn = completion.Type == "event" ? completion with { FlowId = null } : completion with { Event = null },
                Action = task.Action is { } a ? (a.Type == "url" ? a with { FlowId = null } : a with { Url = null }) : null,
            });
        }

        var targeting = CheckTargeting(kind, checklist.Targeting ?? new Targeting(), allowTrigger: false);
        return targeting.Refusal is { } badTargeting
            ? badTargeting
            : checklist with { Name = checklist.Name.Trim(), Tasks = tasks, Targeting = targeting.Value! };
    }

    internal static Outcome<Targeting> CheckTargeting(ContentKind kind, Targeting targeting, bool allowTrigger)
    {
        if (targeting.SegmentId is { } segment && (segment.Length is 0 or > 40 || !segment.StartsWith("seg_", StringComparison.Ordinal)))
        {
            return Invalid(kind, "targeting.segment_id must be a segment id (seg_…) or null for everyone.");
        }

        if (targeting.Pages is null || targeting.Pages.Count > MaxPages)
        {
            return Invalid(kind, $"targeting.pages holds at most {MaxPages} rules; an empty list means every page.");
        }

        for (var i = 0; i < targeting.Pages.Count; i++)
        {
            var rule = targeting.Pages[i];
            if (rule is null || Array.IndexOf(PageRule.Matches, rule.Match) < 0 || string.IsNullOrEmpty(rule.Value) || rule.Value.Length > MaxSelector)
            {
                return Invalid(kind, $"targeting.pages[{i}] needs match ({string.Join(", ", PageRule.Matches)}) and a value of 1 to {MaxSelector} characters, such as \"/projects\".");
            }
        }

        var trigger = targeting.Trigger ?? new Trigger();
        if (!allowTrigger && trigger.Type != "page_load")
        {
            return Invalid(kind, "A checklist is shown on page load: leave targeting.trigger out.");
        }

        if (Array.IndexOf(Trigger.Types, trigger.Type) < 0)
        {
            return Invalid(kind, $"targeting.trigger.type must be one of {string.Join(", ", Trigger.Types)}.");
        }

        if (trigger.Type == "event" && CheckEventName(kind, "targeting.trigger.event", trigger.Event) is { } badEvent)
        {
            return badEvent;
        }

        var frequency = targeting.Frequency ?? new Frequency();
        if (Array.IndexOf(Frequency.Types, frequency.Type) < 0)
        {
            return Invalid(kind, $"targeting.frequency.type must be one of {string.Join(", ", Frequency.Types)}.");
        }

        if (frequency.CooldownMinutes is < 0 or > MaxCooldownMinutes)
        {
            return Invalid(kind, $"targeting.frequency.cooldown_minutes must be 0 to {MaxCooldownMinutes} (a year).");
        }

        if (targeting.Priority is < 0 or > 100)
        {
            return Invalid(kind, "targeting.priority must be 0 to 100; the highest wins when several qualify.");
        }

        if (targeting.StartsAt is { } start && targeting.EndsAt is { } end && end <= start)
        {
            return Invalid(kind, "targeting.ends_at must be after targeting.starts_at.");
        }

        return targeting with
        {
            Trigger = trigger.Type == "event" ? trigger : trigger with { Event = null },
            Frequency = frequency,
            StartsAt = targeting.StartsAt?.ToUniversalTime(),
            EndsAt = targeting.EndsAt?.ToUniversalTime(),
        };
    }

    private static Refusal? CheckButton(StepButton button, string at)
    {
        const ContentKind kind = ContentKind.Flow;
        if (button is null || string.IsNullOrWhiteSpace(button.Label) || button.Label.Length > 60)
        {
            return Invalid(kind, $"{at}.label must be 1 to 60 characters.");
        }

        return button.Action switch
        {
            "next" or "back" or "dismiss" or "complete" => null,
            "url" => CheckUrl(kind, $"{at}.url", button.Url),
            "flow" => CheckFlowId(kind, $"{at}.flow_id", button.FlowId),
            _ => Invalid(kind, $"{at}.action must be one of {string.Join(", ", StepButton.Actions)}."),
        };
    }

    internal static Refusal? CheckName(ContentKind kind, string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > MaxText ? Invalid(kind, $"name is required: 1 to {MaxText} characters, shown only in the dashboard.") : null;

    internal static Refusal? CheckText(ContentKind kind, string field, string? text, int max) =>
        text is not null && text.Length > max ? Invalid(kind, $"{field} is longer than {max} characters.") : null;

    private static Refusal? CheckEventName(ContentKind kind, string field, string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > MaxText ? Invalid(kind, $"{field} must name an event your app tracks (1 to {MaxText} characters).") : null;

    private static Refusal? CheckFlowId(ContentKind kind, string field, string? id) =>
        id is null || ContentKinds.OfId(id) != ContentKind.Flow || id.Length > 40 ? Invalid(kind, $"{field} must be a flow id (flw_…).") : null;

    private static Refusal? CheckUrl(ContentKind kind, string field, string? url) =>
        url is null || url.Length > MaxUrl || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            ? Invalid(kind, $"{field} must be an absolute http or https URL.")
            : null;

    private static bool IsId(string id) => id.Length <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    internal static Refusal Invalid(ContentKind kind, string detail) =>
        Refusal.Invalid($"invalid-{kind.Noun().ToLowerInvariant()}", $"Invalid {kind.Noun().ToLowerInvariant()}", detail);
}
